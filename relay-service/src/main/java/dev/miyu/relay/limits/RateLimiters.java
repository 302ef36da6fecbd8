package dev.miyu.relay.limits;

import dev.miyu.http.limits.RateLimiter;
import dev.miyu.relay.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * The per-user allowances of the HTTP write endpoints, in one place; the gateway limits per address in front of
 * them all. (A connection's message rate is the socket's own bucket, see socket.Session.)
 */
@ApplicationScoped
public class RateLimiters {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final RateLimiter<UUID> tickets;
    private final RateLimiter<UUID> uploads;

    public RateLimiters(RelayConfig config) {
        this.tickets = new RateLimiter<>("ticket requests", config.limits().ticketsPerMinute(), MINUTE);
        this.uploads = new RateLimiter<>("attachment uploads", config.limits().uploadsPerMinute(), MINUTE);
    }

    public RateLimiter<UUID> tickets() {
        return tickets;
    }

    public RateLimiter<UUID> uploads() {
        return uploads;
    }
}
