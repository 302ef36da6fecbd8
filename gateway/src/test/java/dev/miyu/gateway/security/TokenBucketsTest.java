package dev.miyu.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(3, Duration.ofSeconds(30), now::get);

    @Test
    void burstUpToCapacityThenWaitForTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, buckets.take("a"));
        }
        assertEquals(Duration.ofSeconds(10), buckets.take("a"));
    }

    @Test
    void tokensComeBackEvenlyOverThePeriod() {
        for (int i = 0; i < 3; i++) {
            buckets.take("a");
        }
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(Duration.ofSeconds(6), buckets.take("a"));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertEquals(Duration.ZERO, buckets.take("a"));
    }

    @Test
    void keysHaveSeparateBuckets() {
        for (int i = 0; i < 3; i++) {
            buckets.take("a");
        }
        assertEquals(Duration.ZERO, buckets.take("b"));
    }

    @Test
    void bucketsThatFilledUpAgainAreForgotten() {
        buckets.take("a");
        buckets.take("b");
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        buckets.take("c");
        assertEquals(1, buckets.size());
    }
}
