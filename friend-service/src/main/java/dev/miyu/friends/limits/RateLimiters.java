package dev.miyu.friends.limits;

import dev.miyu.friends.config.FriendsConfig;
import dev.miyu.http.limits.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/** Every per-user allowance of this service, in one place; the gateway limits per address in front of them all. */
@ApplicationScoped
public class RateLimiters {

    private final RateLimiter<UUID> writes;

    public RateLimiters(FriendsConfig config) {
        this.writes = new RateLimiter<>("changes", config.rateLimit().writesPerMinute(), Duration.ofMinutes(1));
    }

    /** Requests, answers and removals together: each is a transaction and an event. */
    public RateLimiter<UUID> writes() {
        return writes;
    }
}
