package dev.miyu.gateway.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miyu.gateway.alerts.PrometheusText.Sample;
import dev.miyu.gateway.config.GatewayConfig;
import dev.miyu.gateway.ops.SystemStatus;
import dev.miyu.gateway.ops.SystemStatus.ServiceStatus;
import dev.miyu.gateway.proxy.Upstream;

/**
 * The four alert rules, mirrored by deploy/k8s/base/alerts.yaml for clusters with Prometheus. Each evaluation says
 * which conditions hold now; {@link AlertEvaluator} turns the ones that held long enough into alerts.
 */
@ApplicationScoped
public class AlertRules {

    static final String CRITICAL = "critical";
    static final String WARNING = "warning";

    /** auth-service's login counter, with outcome success, failure or throttled. */
    static final String LOGINS = "miyu_logins_total";
    /** What Kafka's consumer reports through Micrometer's Kafka binder, per consumer (label client_id). */
    static final String CONSUMER_LAG = "kafka_consumer_fetch_manager_records_lag_max";

    /** A condition that holds now, and how long it has to keep holding before it is an alert. */
    record Condition(String name, String severity, String summary, Map<String, String> labels, Duration holdFor) {

        Alert.Key key() {
            return new Alert.Key(name, labels);
        }
    }

    private final GatewayConfig.Alerts config;
    private final CounterWindow loginFailures;

    public AlertRules(GatewayConfig config) {
        this.config = config.alerts();
        this.loginFailures = new CounterWindow(this.config.loginFailuresWindow());
    }

    /** The series {@link #evaluate} reads, so a scrape keeps only those. */
    Set<String> metricNames() {
        return Set.of(LOGINS, CONSUMER_LAG, config.queueDepthMetric());
    }

    /** Called once per evaluation and in time order: LoginFailures counts over the readings it is given. */
    List<Condition> evaluate(Instant now, SystemStatus status, Map<Upstream, List<Sample>> metrics) {
        List<Condition> holding = new ArrayList<>();
        serviceNotReady(status, holding);
        loginFailures(now, metrics.get(Upstream.AUTH), holding);
        relayQueueDeep(metrics.get(Upstream.RELAY), holding);
        consumerLag(metrics, holding);
        return holding;
    }

    private void serviceNotReady(SystemStatus status, List<Condition> holding) {
        for (ServiceStatus service : status.services()) {
            if (!service.up()) {
                String why = service.reason() != null ? service.reason() : "its readiness check reports DOWN";
                holding.add(new Condition("ServiceNotReady", CRITICAL,
                        service.name() + " has not been ready for " + config.notReadyFor().toSeconds() + " s (" + why + ")",
                        Map.of("service", service.name()), config.notReadyFor()));
            }
        }
    }

    /** Missing readings (auth-service did not answer) leave gaps, which {@link CounterWindow} allows for. */
    private void loginFailures(Instant now, List<Sample> auth, List<Condition> holding) {
        if (auth != null) {
            // auth-service registers the counter at its first login, so a page without it means none since it started.
            loginFailures.record(now, auth.stream()
                    .filter(sample -> sample.name().equals(LOGINS) && "failure".equals(sample.labels().get("outcome")))
                    .mapToDouble(Sample::value)
                    .sum());
        }
        long failed = (long) loginFailures.increase(now);
        if (failed > config.loginFailuresPerMinute()) {
            holding.add(new Condition("LoginFailures", WARNING,
                    failed + " failed logins in the last " + config.loginFailuresWindow().toSeconds() + " s (password guessing?)",
                    Map.of("service", Upstream.AUTH.serviceName()), Duration.ZERO));
        }
    }

    private void relayQueueDeep(List<Sample> relay, List<Condition> holding) {
        if (relay == null) {
            return;
        }
        double depth = relay.stream()
                .filter(sample -> sample.name().equals(config.queueDepthMetric()))
                .mapToDouble(Sample::value)
                .max()
                .orElse(0);
        if (depth > config.queueDepth()) {
            holding.add(new Condition("RelayQueueDeep", WARNING, "relay-service holds " + (long) depth + " queued envelopes",
                    Map.of("service", Upstream.RELAY.serviceName()), Duration.ZERO));
        }
    }

    private void consumerLag(Map<Upstream, List<Sample>> metrics, List<Condition> holding) {
        metrics.forEach((upstream, samples) -> samples.stream()
                .filter(sample -> sample.name().equals(CONSUMER_LAG) && sample.value() > config.consumerLag())
                .forEach(sample -> {
                    String client = sample.labels().getOrDefault("client_id", "unnamed");
                    holding.add(new Condition("ConsumerLag", WARNING,
                            upstream.serviceName() + " Kafka consumer " + client + " lags " + (long) sample.value() + " records",
                            Map.of("service", upstream.serviceName(), "client_id", client), config.consumerLagFor()));
                }));
    }
}
