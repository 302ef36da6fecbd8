package dev.miyu.gateway.alerts;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.miyu.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.Json;

/**
 * Posts every firing and resolution to each configured webhook, each through its own {@link WebhookQueue}, without
 * ever holding up an evaluation or a request. The queues live in memory only, so what still waits at shutdown is lost.
 */
@ApplicationScoped
public class WebhookNotifier {

    /** The one event loop every queue is touched on, so they need no locks. */
    private final Context context;
    private final HttpClient client;
    private final List<WebhookQueue> webhooks;

    public WebhookNotifier(Vertx vertx, GatewayConfig config, MeterRegistry metrics) {
        GatewayConfig.Alerts.Delivery delivery = config.alerts().delivery();
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) delivery.timeout().toMillis())
                .setMaxPoolSize(1));
        WebhookQueue.Outcomes outcomes = WebhookQueue.Outcomes.register(metrics);
        this.webhooks = config.alerts().webhooks().orElse(List.of()).stream()
                .map(url -> new WebhookQueue(url, vertx, client, delivery, outcomes))
                .toList();
    }

    void send(Notification notification) {
        if (webhooks.isEmpty()) {
            return;
        }
        Buffer body = Json.encodeToBuffer(notification);
        context.runOnContext(v -> webhooks.forEach(webhook -> webhook.enqueue(notification, body)));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
