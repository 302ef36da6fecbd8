package dev.miyu.gateway.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How much a Prometheus counter grew over a sliding window, from the values the gateway read itself. A counter that
 * went down was restarted from zero, so its new value is all it grew since; taking the difference instead would give
 * a negative, and measuring from the window's lowest value would turn the restart into a spike.
 */
final class CounterWindow {

    private record Reading(Instant at, double value) {
    }

    private final Duration length;
    private final Deque<Reading> readings = new ArrayDeque<>();

    CounterWindow(Duration length) {
        this.length = length;
    }

    void record(Instant at, double value) {
        if (!Double.isNaN(value)) {
            readings.addLast(new Reading(at, value));
        }
    }

    /**
     * Growth between the readings inside the window. The oldest of them is only a starting point, so after a gap in
     * the readings (the service was unreachable) what the counter gained meanwhile is not mistaken for a burst.
     */
    double increase(Instant now) {
        Instant start = now.minus(length);
        while (!readings.isEmpty() && readings.peekFirst().at().isBefore(start)) {
            readings.removeFirst();
        }
        double increase = 0;
        Reading previous = null;
        for (Reading reading : readings) {
            if (previous != null) {
                increase += reading.value() >= previous.value() ? reading.value() - previous.value() : reading.value();
            }
            previous = reading;
        }
        return increase;
    }
}
