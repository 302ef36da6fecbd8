package dev.miyu.gateway.alerts;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** GET /ops/alerts: the alerts firing now, from the last evaluation (an empty list when all is well). */
@ApplicationScoped
public class AlertsEndpoint implements Handler<RoutingContext> {

    public record ActiveAlerts(List<Alert> alerts) {
    }

    private final AlertEvaluator evaluator;

    public AlertsEndpoint(AlertEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encodeToBuffer(new ActiveAlerts(evaluator.active())));
    }
}
