package dev.miyu.gateway.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import dev.miyu.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One webhook and the notifications waiting for it. They go out one at a time and in order, so a resolution never
 * overtakes its firing, each retried with a doubling wait. A webhook that stays down fills the queue, and then the
 * oldest waiting notification is dropped: memory stays bounded, and the newest state is the one worth delivering.
 * Not thread-safe: it must only be used on one event loop.
 */
final class WebhookQueue {

    private static final Logger LOG = Logger.getLogger(WebhookQueue.class);

    /** miyu_alert_notifications_total, shared by all webhooks. */
    record Outcomes(Counter delivered, Counter failed, Counter dropped) {

        static Outcomes register(MeterRegistry metrics) {
            return new Outcomes(counter(metrics, "delivered"), counter(metrics, "failed"), counter(metrics, "dropped"));
        }

        private static Counter counter(MeterRegistry metrics, String outcome) {
            return Counter.builder("miyu.alert.notifications")
                    .description("Alert notifications per webhook: delivered, failed after every attempt, or dropped from a full queue")
                    .tag("outcome", outcome)
                    .register(metrics);
        }
    }

    private record Pending(Notification notification, Buffer body) {

        String describe() {
            return notification.status() + " " + notification.alert().name() + " " + notification.alert().labels();
        }
    }

    private final URI url;
    /** Webhook URLs often carry a secret token in the path or query; logs name the host only. */
    private final String host;
    private final Vertx vertx;
    private final HttpClient client;
    private final GatewayConfig.Alerts.Delivery delivery;
    private final Outcomes outcomes;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private boolean sending;

    WebhookQueue(URI url, Vertx vertx, HttpClient client, GatewayConfig.Alerts.Delivery delivery, Outcomes outcomes) {
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())) || url.getHost() == null) {
            throw new IllegalStateException("Every miyu.gateway.alerts.webhooks URL must be http(s)://host/...");
        }
        this.url = url;
        this.host = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        this.vertx = vertx;
        this.client = client;
        this.delivery = delivery;
        this.outcomes = outcomes;
    }

    /** The wait after the given number of failed attempts: first-backoff, doubled each time, capped at max-backoff. */
    static Duration backoff(GatewayConfig.Alerts.Delivery delivery, int failedAttempts) {
        Duration wait = delivery.firstBackoff().multipliedBy(1L << Math.min(failedAttempts - 1, 20));
        return wait.compareTo(delivery.maxBackoff()) > 0 ? delivery.maxBackoff() : wait;
    }

    void enqueue(Notification notification, Buffer body) {
        if (waiting.size() >= delivery.queueSize()) {
            outcomes.dropped().increment();
            LOG.warnf("Alert webhook %s is behind by %d notifications; dropped the oldest: %s", host, waiting.size(),
                    waiting.removeFirst().describe());
        }
        waiting.addLast(new Pending(notification, body));
        if (!sending) {
            sendNext();
        }
    }

    private void sendNext() {
        Pending next = waiting.pollFirst();
        sending = next != null;
        if (sending) {
            attempt(next, 1);
        }
    }

    private void attempt(Pending pending, int attempt) {
        post(pending.body()).onComplete(posted -> {
            if (posted.succeeded()) {
                outcomes.delivered().increment();
                sendNext();
            } else if (attempt >= delivery.attempts()) {
                outcomes.failed().increment();
                LOG.warnf("Alert webhook %s did not take %s after %d attempts, last: %s", host, pending.describe(), attempt,
                        why(posted.cause()));
                sendNext();
            } else {
                LOG.debugf("Alert webhook %s attempt %d failed: %s", host, attempt, why(posted.cause()));
                vertx.setTimer(backoff(delivery, attempt).toMillis(), t -> attempt(pending, attempt + 1));
            }
        });
    }

    private Future<Void> post(Buffer body) {
        long timeout = delivery.timeout().toMillis();
        RequestOptions request = new RequestOptions()
                .setAbsoluteURI(url.toString())
                .setMethod(HttpMethod.POST)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout);
        return client.request(request)
                .compose(sent -> sent.send(body))
                .compose(response -> response.body().compose(answer -> response.statusCode() / 100 == 2
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new Refused(response.statusCode()))));
    }

    /** Not the exception's message: Vert.x puts the request's path in some, and a webhook's path can be its secret. */
    private String why(Throwable failure) {
        if (failure instanceof Refused) {
            return failure.getMessage();
        }
        return failure instanceof TimeoutException ? "no answer within " + delivery.timeout().toMillis() + " ms"
                : failure.getClass().getSimpleName();
    }

    private static final class Refused extends VertxException {

        Refused(int status) {
            super("HTTP " + status, true);
        }
    }
}
