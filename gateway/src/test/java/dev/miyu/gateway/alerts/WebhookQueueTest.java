package dev.miyu.gateway.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.miyu.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;

/** Delivery to one webhook, against a real receiver that answers as each test tells it. */
class WebhookQueueTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final WebhookQueue.Outcomes outcomes = WebhookQueue.Outcomes.register(new SimpleMeterRegistry());
    /** Alert names in the order their posts arrived, failed attempts included. */
    private final Queue<String> arrived = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void fullQueueDropsTheOldestWaitingNotification() throws Exception {
        Queue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
        AtomicBoolean answering = new AtomicBoolean();
        WebhookQueue queue = queueTo(receiver(request -> {
            if (answering.get()) {
                request.response().setStatusCode(204).end();
            } else {
                held.add(request);
            }
        }), delivery(6, 2, Duration.ofMillis(10), Duration.ofMillis(40)));

        // A is on its way (the receiver holds it), B and C fill the queue, D pushes B out.
        enqueue(queue, "A", "B", "C", "D");
        await().atMost(Duration.ofSeconds(30)).until(() -> held.size() == 1);
        assertEquals(1, outcomes.dropped().count());

        answering.set(true);
        held.forEach(request -> request.response().setStatusCode(204).end());
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.delivered().count() == 3);
        assertEquals(List.of("A", "C", "D"), List.copyOf(arrived));
    }

    @Test
    void notificationTheWebhookKeepsRefusingIsGivenUpAndTheNextOneGoesOut() throws Exception {
        WebhookQueue queue = queueTo(receiver(request -> request.response().setStatusCode(arrived.contains("Fine") ? 204 : 500).end()),
                delivery(3, 10, Duration.ofMillis(10), Duration.ofMillis(40)));
        enqueue(queue, "Doomed", "Fine");
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.delivered().count() == 1);
        assertEquals(1, outcomes.failed().count());
        assertEquals(List.of("Doomed", "Doomed", "Doomed", "Fine"), List.copyOf(arrived));
    }

    @Test
    void backoffDoublesUpToTheCap() {
        GatewayConfig.Alerts.Delivery delivery = delivery(6, 10, Duration.ofSeconds(1), Duration.ofSeconds(30));
        List<Long> waits = List.of(1, 2, 3, 4, 5, 6, 40).stream()
                .map(failed -> WebhookQueue.backoff(delivery, failed).toSeconds())
                .toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), waits);
    }

    /** A webhook receiver that notes each post's alert name, then lets {@code answer} reply. */
    private URI receiver(Handler<HttpServerRequest> answer) throws Exception {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    arrived.add(body.toJsonObject().getJsonObject("alert").getString("name"));
                    answer.handle(request);
                }))
                .listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/hook?token=secret");
    }

    private WebhookQueue queueTo(URI url, GatewayConfig.Alerts.Delivery delivery) {
        return new WebhookQueue(url, vertx, vertx.createHttpClient(), delivery, outcomes);
    }

    /** Queues run on one event loop; so do these calls, as WebhookNotifier makes them. */
    private void enqueue(WebhookQueue queue, String... alertNames) {
        context.runOnContext(v -> {
            for (String name : alertNames) {
                Notification notification = Notification.firing(new Alert(name, "warning", name + " happened", Instant.now(), Map.of()));
                queue.enqueue(notification, Json.encodeToBuffer(notification));
            }
        });
    }

    private static GatewayConfig.Alerts.Delivery delivery(int attempts, int queueSize, Duration first, Duration max) {
        return new GatewayConfig.Alerts.Delivery() {

            @Override
            public int attempts() {
                return attempts;
            }

            @Override
            public Duration firstBackoff() {
                return first;
            }

            @Override
            public Duration maxBackoff() {
                return max;
            }

            @Override
            public int queueSize() {
                return queueSize;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
