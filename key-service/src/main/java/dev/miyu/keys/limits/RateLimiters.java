package dev.miyu.keys.limits;

import dev.miyu.http.limits.RateLimiter;
import dev.miyu.keys.config.KeysConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/** Every per-user allowance of this service, in one place; the gateway limits per address in front of them all. */
@ApplicationScoped
public class RateLimiters {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final RateLimiter<UUID> bundlePublishes;
    private final RateLimiter<UUID> backupWrites;

    public RateLimiters(KeysConfig config) {
        this.bundlePublishes = new RateLimiter<>("bundle publishes", config.rateLimit().publishesPerMinute(), MINUTE);
        this.backupWrites = new RateLimiter<>("backup writes", config.rateLimit().backupWritesPerMinute(), MINUTE);
    }

    /** Each one verifies two signatures and writes the key history. */
    public RateLimiter<UUID> bundlePublishes() {
        return bundlePublishes;
    }

    public RateLimiter<UUID> backupWrites() {
        return backupWrites;
    }
}
