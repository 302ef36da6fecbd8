package dev.miyu.presence.online;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/** {@code miyu_heartbeats_total} (this instance) and {@code miyu_online_users} (everyone, from the shared table). */
@Startup
@ApplicationScoped
public class PresenceMetrics {

    private final Counter heartbeats;
    private final AtomicLong online = new AtomicLong();

    PresenceMetrics(MeterRegistry registry) {
        heartbeats = Counter.builder("miyu.heartbeats")
                .description("Heartbeats this instance recorded")
                .register(registry);
        // Every instance reports the same cluster-wide number: aggregate it with max, not sum.
        Gauge.builder("miyu.online.users", online, AtomicLong::get)
                .description("Users online across all instances, as of this instance's last sweep")
                .register(registry);
    }

    void heartbeat() {
        heartbeats.increment();
    }

    void online(long users) {
        online.set(users);
    }
}
