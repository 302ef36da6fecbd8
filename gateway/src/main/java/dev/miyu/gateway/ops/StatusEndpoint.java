package dev.miyu.gateway.ops;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** GET /ops/status: 200 when every service is ready, 503 naming the ones that are not. */
@ApplicationScoped
public class StatusEndpoint implements Handler<RoutingContext> {

    private final ServiceReadiness readiness;

    public StatusEndpoint(ServiceReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void handle(RoutingContext ctx) {
        readiness.poll().onComplete(polled -> {
            if (polled.failed()) {
                ctx.fail(polled.cause());
                return;
            }
            SystemStatus status = polled.result();
            ctx.response()
                    .setStatusCode(status.up() ? 200 : 503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.encodeToBuffer(status));
        });
    }
}
