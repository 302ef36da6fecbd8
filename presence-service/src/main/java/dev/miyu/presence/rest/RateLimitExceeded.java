package dev.miyu.presence.rest;

/** The caller sent more writes than the per-user limit allows in the current window. */
public class RateLimitExceeded extends RuntimeException {

    private final long retryAfterSeconds;

    RateLimitExceeded(long retryAfterSeconds) {
        super("rate limit exceeded", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
