package dev.miyu.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Refuses a request whose declared Content-Length is over the limit with a JSON problem, before any of its body is
 * read. Quarkus enforces {@code quarkus.http.limits.max-body-size} in a route just after this one but answers with
 * an empty 413. The limit is {@code miyu.http.max-body-size} where a service sets it (lower than Quarkus's, which
 * then stays a backstop), else Quarkus's own. A chunked body without Content-Length is still cut off by Quarkus
 * itself, without the JSON.
 */
@ApplicationScoped
public class BodySizeGuard {

    private final long maxBytes;
    private final String tooLarge;

    public BodySizeGuard(@ConfigProperty(name = "miyu.http.max-body-size") Optional<MemorySize> limit,
                         @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize quarkusLimit) {
        this.maxBytes = limit.orElse(quarkusLimit).asLongValue();
        this.tooLarge = Json.encode(Problem.of(413, "a request body may be at most " + maxBytes + " bytes"));
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> {
            if (declaredLength(context.request().getHeader(HttpHeaders.CONTENT_LENGTH)) > maxBytes) {
                // The body is not wanted: answer now and close rather than read it to keep the connection.
                context.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                        .end(tooLarge);
            } else {
                context.next();
            }
        });
    }

    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException malformed) {
            return -1; // malformed headers are Quarkus's to refuse
        }
    }
}
