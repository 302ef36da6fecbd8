package dev.miyu.relay.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miyu.relay.config.RelayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

/**
 * Refuses a request whose Content-Length is over the attachment limit with a JSON problem, before any of its body
 * is read. Quarkus's own body limit (set a little higher, as a backstop) would answer with an empty 413.
 */
@ApplicationScoped
public class DeclaredSizeLimit {

    /** Runs before Quarkus's body-size handler, which is registered at order -2. */
    private static final int ORDER = -3;

    void install(@Observes Router router, RelayConfig config, ObjectMapper json) throws JsonProcessingException {
        long max = config.attachments().maxSize().asLongValue();
        Response.Status status = Response.Status.REQUEST_ENTITY_TOO_LARGE;
        String problem = json.writeValueAsString(Problem.of(status, "a request body may be at most " + max + " bytes"));
        router.route().order(ORDER).handler(context -> {
            if (declaredLength(context.request().getHeader(HttpHeaders.CONTENT_LENGTH)) > max) {
                // The body is not wanted: answer now and close rather than read it to keep the connection.
                context.response()
                        .setStatusCode(status.getStatusCode())
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                        .end(problem);
            } else {
                context.next();
            }
        });
    }

    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
