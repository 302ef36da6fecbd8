package dev.miyu.friends.rest;

import dev.miyu.friends.config.FriendsConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Each user's allowance of writes: a token bucket holding one minute's worth, refilled continuously. It lives in this
 * instance's memory, so N instances together allow up to N times the rate; the gateway limits in front of them all.
 */
@ApplicationScoped
public class WriteRateLimiter {

    private static final double NANOS_PER_MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final double capacity;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    public WriteRateLimiter(FriendsConfig config) {
        this.capacity = config.rateLimit().writesPerMinute();
    }

    /** Spends one of the user's writes: 0 when allowed, otherwise how many seconds until the next one is. */
    public long acquire(UUID userId) {
        return buckets.computeIfAbsent(userId, id -> new Bucket(capacity, System.nanoTime()))
                .take(System.nanoTime(), capacity);
    }

    /** A full bucket is the same as none, so idle users cost no memory. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetIdleUsers() {
        long now = System.nanoTime();
        buckets.values().removeIf(bucket -> bucket.isFull(now, capacity));
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take(long now, double capacity) {
            refill(now, capacity);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            double nanosUntilOne = (1 - tokens) * NANOS_PER_MINUTE / capacity;
            return Math.max(1, (long) Math.ceil(nanosUntilOne / TimeUnit.SECONDS.toNanos(1)));
        }

        synchronized boolean isFull(long now, double capacity) {
            refill(now, capacity);
            return tokens >= capacity;
        }

        private void refill(long now, double capacity) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * capacity / NANOS_PER_MINUTE);
            refilledAt = now;
        }
    }
}
