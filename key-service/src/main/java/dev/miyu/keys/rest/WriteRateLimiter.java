package dev.miyu.keys.rest;

import dev.miyu.keys.config.KeysConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user fixed one-minute windows on write endpoints. Kept in memory per instance: with N instances a user gets at
 * most N times the limit, which still bounds signature checks and database writes; the gateway limits per IP.
 */
@ApplicationScoped
public class WriteRateLimiter {

    enum Write {
        PUBLISH_BUNDLE("bundle publishes"),
        WRITE_BACKUP("backup writes");

        private final String description;

        Write(String description) {
            this.description = description;
        }
    }

    private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

    private record Key(UUID userId, Write write) {
    }

    private record Window(long startMillis, int count) {
        boolean over(long now) {
            return now - startMillis >= WINDOW_MILLIS;
        }
    }

    private final Map<Key, Window> windows = new ConcurrentHashMap<>();
    private final Map<Write, Integer> limits;

    public WriteRateLimiter(KeysConfig config) {
        this.limits = Map.of(Write.PUBLISH_BUNDLE, config.rateLimit().publishesPerMinute(),
                Write.WRITE_BACKUP, config.rateLimit().backupWritesPerMinute());
    }

    /** Counts one write, or throws when the user has used up the current window. */
    void acquire(UUID userId, Write write) {
        long now = System.currentTimeMillis();
        Window window = windows.compute(new Key(userId, write), (key, old) ->
                old == null || old.over(now) ? new Window(now, 1) : new Window(old.startMillis(), old.count() + 1));
        if (window.count() > limits.get(write)) {
            long retryAfter = Math.max(1, (window.startMillis() + WINDOW_MILLIS - now + 999) / 1000);
            throw new RateLimitExceededException(write.description, retryAfter);
        }
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetFinishedWindows() {
        long now = System.currentTimeMillis();
        windows.values().removeIf(window -> window.over(now));
    }
}
