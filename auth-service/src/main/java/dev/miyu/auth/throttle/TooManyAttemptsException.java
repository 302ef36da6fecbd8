package dev.miyu.auth.throttle;

import java.time.Duration;

/** A throttle limit was reached; the client may try again after {@link #retryAfter()}. */
public class TooManyAttemptsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyAttemptsException(Duration retryAfter) {
        super("too many attempts", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
