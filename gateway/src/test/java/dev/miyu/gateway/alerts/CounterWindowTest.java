package dev.miyu.gateway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CounterWindowTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final CounterWindow window = new CounterWindow(Duration.ofSeconds(60));

    @Test
    void firstReadingIsOnlyAStartingPointHoweverHigh() {
        window.record(T0, 5000);
        assertEquals(0, window.increase(T0));
    }

    @Test
    void growthIsSummedOverTheWindow() {
        window.record(T0, 100);
        window.record(at(5), 110);
        window.record(at(10), 140);
        assertEquals(40, window.increase(at(10)));
    }

    @Test
    void growthOlderThanTheWindowAgesOut() {
        window.record(T0, 100);
        window.record(at(5), 150);
        window.record(at(10), 150);
        assertEquals(50, window.increase(at(60)));
        assertEquals(0, window.increase(at(66)));
    }

    @Test
    void restartCountsOnlyWhatTheNewCounterReached() {
        window.record(T0, 1000);
        window.record(at(5), 1010);
        window.record(at(10), 3);
        window.record(at(15), 7);
        assertEquals(10 + 3 + 4, window.increase(at(15)));
    }

    @Test
    void whatTheCounterGainedDuringAGapInTheReadingsIsNoBurst() {
        window.record(T0, 100);
        window.record(at(600), 900);
        assertEquals(0, window.increase(at(600)));
        window.record(at(605), 905);
        assertEquals(5, window.increase(at(605)));
    }

    @Test
    void unreadableValuesAreIgnored() {
        window.record(T0, 10);
        window.record(at(5), Double.NaN);
        window.record(at(10), 12);
        assertEquals(2, window.increase(at(10)));
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
