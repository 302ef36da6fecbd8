package dev.miyu.keys.rest;

/** The caller made more writes of one kind in the current minute than the limit allows. */
public class RateLimitExceededException extends RuntimeException {

    private final long retryAfterSeconds;

    RateLimitExceededException(String what, long retryAfterSeconds) {
        super("too many " + what + "; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
