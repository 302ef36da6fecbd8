package dev.miyu.http.limits;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key: {@code capacity} tokens, refilled continuously at {@code capacity} per {@code period}.
 * Buckets that have filled up again carry no information and are dropped now and then, so memory follows the
 * number of recently active callers, not every caller ever seen. Held in one instance's memory: with N instances a
 * caller gets up to N times the allowance, which still bounds what one client can make a service do.
 *
 * @param <K> what is counted: a user id, a client address
 */
public final class RateLimiter<K> {

    private final String action;
    private final double capacity;
    private final double tokensPerNano;
    private final long sweepEveryNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<K, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /** @param action what is limited, in plural words, for the refusal ("too many bundle publishes") */
    public RateLimiter(String action, int capacity, Duration period) {
        this(action, capacity, period, System::nanoTime);
    }

    RateLimiter(String action, int capacity, Duration period, LongSupplier nanoClock) {
        if (capacity < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("A rate limit needs a capacity of at least 1 and a positive period");
        }
        this.action = action;
        this.capacity = capacity;
        this.tokensPerNano = capacity / (double) period.toNanos();
        this.sweepEveryNanos = period.toNanos();
        this.nanoClock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    /** Takes one of the key's tokens, or throws {@link RateLimitedException} saying how long until the next one. */
    public void take(K key) {
        Duration wait = tryTake(key);
        if (!wait.isZero()) {
            throw new RateLimitedException(action, wait);
        }
    }

    /** Takes a token for the key; returns zero when one was available, else how long until the next one. */
    public Duration tryTake(K key) {
        long now = nanoClock.getAsLong();
        sweepIfDue(now);
        Bucket bucket = buckets.compute(key, (k, existing) -> (existing == null ? new Bucket(capacity, now) : existing.refilled(now, this)).take());
        return bucket.granted ? Duration.ZERO : Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / tokensPerNano));
    }

    int size() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        if (now - lastSweep < sweepEveryNanos) {
            return;
        }
        lastSweep = now;
        buckets.entrySet().removeIf(entry -> entry.getValue().refilled(now, this).tokens >= capacity);
    }

    private record Bucket(double tokens, long updatedAt, boolean granted) {

        Bucket(double tokens, long updatedAt) {
            this(tokens, updatedAt, false);
        }

        Bucket refilled(long now, RateLimiter<?> limits) {
            double refilled = Math.min(limits.capacity, tokens + (now - updatedAt) * limits.tokensPerNano);
            return new Bucket(refilled, now, false);
        }

        Bucket take() {
            return tokens >= 1 ? new Bucket(tokens - 1, updatedAt, true) : this;
        }
    }
}
