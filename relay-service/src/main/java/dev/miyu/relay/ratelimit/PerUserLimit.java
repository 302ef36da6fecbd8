package dev.miyu.relay.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link TokenBucket} per user, held in this instance's memory: with several relay instances a user gets the
 * allowance once per instance, which is enough to stop one client hammering a write endpoint.
 */
public final class PerUserLimit {

    private final String action;
    private final int capacity;
    private final Duration period;
    private final Map<UUID, TokenBucket> buckets = new ConcurrentHashMap<>();

    public PerUserLimit(String action, int capacity, Duration period) {
        this.action = action;
        this.capacity = capacity;
        this.period = period;
    }

    /** Takes one of the user's tokens or throws {@link RateLimitedException}. */
    public void take(UUID userId) {
        TokenBucket bucket = buckets.computeIfAbsent(userId, id -> new TokenBucket(capacity, period));
        if (!bucket.tryTake()) {
            throw new RateLimitedException(action, Math.max(1, bucket.secondsUntilNext()));
        }
    }

    /** Forgets users whose bucket has refilled completely: they are indistinguishable from new ones. */
    public void forgetIdle() {
        buckets.values().removeIf(TokenBucket::isFull);
    }
}
