package dev.miyu.presence.rest;

import dev.miyu.presence.config.PresenceConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-user limit on writes: at most {@code miyu.presence.rate-limit.per-minute} in a one-minute window that opens
 * with the user's first write. Counts live in this instance's memory, so with n instances behind the gateway a user
 * can get up to n times the limit; that bounds abuse well enough for heartbeats, which cost one row update each.
 */
@ApplicationScoped
public class WriteRateLimiter {

    private static final Logger AUDIT = Logger.getLogger("audit");
    private static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

    private record Window(long start, int count) {
    }

    private final ConcurrentHashMap<UUID, Window> windows = new ConcurrentHashMap<>();
    private final int perMinute;

    WriteRateLimiter(PresenceConfig config) {
        this.perMinute = config.rateLimit().perMinute();
    }

    /** Counts one write by the user, or throws {@link RateLimitExceeded} when the window is used up. */
    void acquire(UUID userId, String action) {
        long now = System.nanoTime();
        Window window = windows.compute(userId, (id, current) -> current == null || now - current.start() >= WINDOW_NANOS
                ? new Window(now, 1)
                : new Window(current.start(), current.count() + 1));
        if (window.count() > perMinute) {
            if (window.count() == perMinute + 1) {
                // Once per window: a client hammering the endpoint must not flood the audit log as well.
                AUDIT.infof("action=%s user=%s outcome=rate-limited", action, userId);
            }
            long remainingNanos = WINDOW_NANOS - (now - window.start());
            throw new RateLimitExceeded(Math.max(1, (remainingNanos + 999_999_999L) / 1_000_000_000L));
        }
    }

    /** Forgets users whose window has closed, so memory follows active users rather than all users ever seen. */
    @Scheduled(every = "1m")
    void forgetClosedWindows() {
        long now = System.nanoTime();
        windows.values().removeIf(window -> now - window.start() >= WINDOW_NANOS);
    }
}
