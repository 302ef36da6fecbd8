package dev.miyu.relay.ratelimit;

import dev.miyu.relay.config.RelayConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** The per-user allowances of the HTTP write endpoints. */
@ApplicationScoped
public class WriteLimits {

    private final PerUserLimit tickets;
    private final PerUserLimit uploads;

    public WriteLimits(RelayConfig config) {
        this.tickets = new PerUserLimit("ticket requests", config.limits().ticketsPerMinute(), Duration.ofMinutes(1));
        this.uploads = new PerUserLimit("attachment uploads", config.limits().uploadsPerMinute(), Duration.ofMinutes(1));
    }

    public PerUserLimit tickets() {
        return tickets;
    }

    public PerUserLimit uploads() {
        return uploads;
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetIdleUsers() {
        tickets.forgetIdle();
        uploads.forgetIdle();
    }
}
