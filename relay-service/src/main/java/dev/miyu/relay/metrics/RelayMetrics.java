package dev.miyu.relay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's business metrics: envelopes accepted, delivered (acknowledged, so deleted) and rejected by code, and
 * the depth of the offline queue across all instances (every instance reports the same total; take the max).
 */
@ApplicationScoped
public class RelayMetrics {

    private final MeterRegistry registry;
    private final Pool pool;
    private final Counter accepted;
    private final Counter delivered;
    private final AtomicLong queueDepth = new AtomicLong();

    public RelayMetrics(MeterRegistry registry, Pool pool) {
        this.registry = registry;
        this.pool = pool;
        this.accepted = Counter.builder("miyu_relay_envelopes_accepted").description("Envelopes stored for delivery")
                .register(registry);
        this.delivered = Counter.builder("miyu_relay_envelopes_delivered").description("Envelopes acknowledged by their recipient")
                .register(registry);
        registry.gauge("miyu_relay_queue_depth", queueDepth);
    }

    public void accepted() {
        accepted.increment();
    }

    public void delivered() {
        delivered.increment();
    }

    public void rejected(String code) {
        registry.counter("miyu_relay_envelopes_rejected", "code", code).increment();
    }

    @Scheduled(every = "${miyu.relay.metrics.queue-depth-every:15s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshQueueDepth() {
        return pool.query("SELECT COALESCE(SUM(queued), 0) FROM queue_heads").execute()
                .invoke(rows -> queueDepth.set(rows.iterator().next().getLong(0)))
                .replaceWithVoid();
    }
}
