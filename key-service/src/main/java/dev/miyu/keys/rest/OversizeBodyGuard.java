package dev.miyu.keys.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Quarkus refuses a declared body over {@code quarkus.http.limits.max-body-size} with an empty 413 before any
 * application code runs; this route runs just ahead of that check so that the refusal is a {@link Problem} too.
 */
@ApplicationScoped
public class OversizeBodyGuard {

    private final long limit;

    public OversizeBodyGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> {
            if (declaresMoreThanLimit(context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH))) {
                Problem problem = Problem.of(Status.REQUEST_ENTITY_TOO_LARGE, "the request body is larger than " + limit + " bytes");
                context.response()
                        .setStatusCode(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code())
                        .putHeader(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                        .putHeader(HttpHeaderNames.CONNECTION, "close")
                        .end(Json.encode(problem));
                return;
            }
            context.next();
        });
    }

    private boolean declaresMoreThanLimit(String contentLength) {
        try {
            return contentLength != null && Long.parseLong(contentLength) > limit;
        } catch (NumberFormatException e) {
            return false; // malformed headers are Quarkus's to refuse
        }
    }
}
