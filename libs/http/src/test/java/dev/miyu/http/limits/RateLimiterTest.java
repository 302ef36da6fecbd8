package dev.miyu.http.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter<String> limiter = new RateLimiter<>("things", 3, Duration.ofSeconds(30), now::get);

    @Test
    void burstUpToCapacityThenWaitForTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limiter.tryTake("a"));
        }
        assertEquals(Duration.ofSeconds(10), limiter.tryTake("a"));
    }

    @Test
    void tokensComeBackEvenlyOverThePeriod() {
        for (int i = 0; i < 3; i++) {
            limiter.tryTake("a");
        }
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(Duration.ofSeconds(6), limiter.tryTake("a"));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertEquals(Duration.ZERO, limiter.tryTake("a"));
    }

    @Test
    void keysHaveSeparateBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.tryTake("a");
        }
        assertEquals(Duration.ZERO, limiter.tryTake("b"));
    }

    @Test
    void bucketsThatFilledUpAgainAreForgotten() {
        limiter.tryTake("a");
        limiter.tryTake("b");
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        limiter.tryTake("c");
        assertEquals(1, limiter.size());
    }

    @Test
    void takingBeyondTheAllowanceSaysWhatAndHowLongToWait() {
        for (int i = 0; i < 3; i++) {
            limiter.take("a");
        }
        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> limiter.take("a"));
        assertEquals("things", refused.action());
        assertEquals(Duration.ofSeconds(10), refused.retryAfter());
    }
}
