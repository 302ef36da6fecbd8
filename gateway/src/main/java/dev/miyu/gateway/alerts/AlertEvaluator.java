package dev.miyu.gateway.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.miyu.gateway.alerts.AlertRules.Condition;
import dev.miyu.gateway.alerts.PrometheusText.Sample;
import dev.miyu.gateway.config.GatewayConfig;
import dev.miyu.gateway.ops.ServiceReadiness;
import dev.miyu.gateway.ops.SystemStatus;
import dev.miyu.gateway.proxy.Upstream;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Evaluates {@link AlertRules} every interval from what the services say (readiness asked exactly as /ops/status
 * asks it, and their metrics), keeps as alerts the conditions that held long enough, and tells the webhooks of every
 * alert that starts or stops. The next evaluation is scheduled when one ends, so a slow service delays them rather
 * than piling them up.
 */
@ApplicationScoped
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);
    private static final Comparator<Alert> OLDEST_FIRST = Comparator.comparing(Alert::since).thenComparing(Alert::name);

    private final Vertx vertx;
    /** The one event loop evaluations run on, so their state needs no locks. */
    private final Context context;
    private final Duration interval;
    private final ServiceReadiness readiness;
    private final MetricsScraper scraper;
    private final AlertRules rules;
    private final WebhookNotifier notifier;

    private Map<Alert.Key, Instant> holdingSince = Map.of();
    private Map<Alert.Key, Alert> firing = Map.of();
    /** What /ops/alerts and the gauge read, from other threads. */
    private volatile List<Alert> active = List.of();
    private volatile boolean stopped;

    public AlertEvaluator(Vertx vertx, GatewayConfig config, ServiceReadiness readiness, MetricsScraper scraper,
            AlertRules rules, WebhookNotifier notifier, MeterRegistry metrics) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.interval = config.alerts().interval();
        this.readiness = readiness;
        this.scraper = scraper;
        this.rules = rules;
        this.notifier = notifier;
        Gauge.builder("miyu.alerts.active", this, evaluator -> evaluator.active.size())
                .description("Alerts firing now, as listed at /ops/alerts")
                .register(metrics);
    }

    void start(@Observes StartupEvent event) {
        context.runOnContext(v -> evaluate());
    }

    /** Firing alerts, oldest first. */
    public List<Alert> active() {
        return active;
    }

    private void evaluate() {
        if (stopped) {
            return;
        }
        Instant now = Instant.now();
        Future<SystemStatus> status = readiness.poll();
        Future<Map<Upstream, List<Sample>>> metrics = scraper.scrape(rules.metricNames());
        Future.all(status, metrics).onComplete(asked -> {
            try {
                if (asked.succeeded()) {
                    update(now, rules.evaluate(now, status.result(), metrics.result()));
                } else {
                    LOG.warn("Alert evaluation could not ask the services", asked.cause());
                }
            } finally {
                vertx.setTimer(interval.toMillis(), t -> evaluate());
            }
        });
    }

    private void update(Instant now, List<Condition> holding) {
        Map<Alert.Key, Instant> stillHolding = new HashMap<>();
        Map<Alert.Key, Alert> nowFiring = new HashMap<>();
        for (Condition condition : holding) {
            Instant since = holdingSince.getOrDefault(condition.key(), now);
            stillHolding.put(condition.key(), since);
            if (!since.plus(condition.holdFor()).isAfter(now)) {
                nowFiring.put(condition.key(),
                        new Alert(condition.name(), condition.severity(), condition.summary(), since, condition.labels()));
            }
        }
        nowFiring.forEach((key, alert) -> {
            if (!firing.containsKey(key)) {
                LOG.warnf("Alert firing: %s %s: %s", alert.name(), alert.labels(), alert.summary());
                notifier.send(Notification.firing(alert));
            }
        });
        firing.forEach((key, alert) -> {
            if (!nowFiring.containsKey(key)) {
                LOG.infof("Alert resolved: %s %s", alert.name(), alert.labels());
                notifier.send(Notification.resolved(alert, now));
            }
        });
        holdingSince = stillHolding;
        firing = nowFiring;
        active = nowFiring.values().stream().sorted(OLDEST_FIRST).toList();
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
