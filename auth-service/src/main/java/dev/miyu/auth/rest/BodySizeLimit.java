package dev.miyu.auth.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body exceeds {@code quarkus.http.limits.max-body-size} with a JSON problem.
 * Quarkus enforces the same limit in a route of order -2 but answers with an empty 413; this route runs just before
 * it. (A chunked body without Content-Length is still cut off by Quarkus itself, without the JSON.)
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final int ORDER = -3;

    private final long maxBytes;
    private final String tooLarge;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                         ObjectMapper json) throws JsonProcessingException {
        this.maxBytes = maxBodySize.asLongValue();
        this.tooLarge = json.writeValueAsString(ProblemMapper.tooLarge(maxBytes));
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (declaredLength(context) > maxBytes) {
            context.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(tooLarge);
        } else {
            context.next();
        }
    }

    private static long declaredLength(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }
}
