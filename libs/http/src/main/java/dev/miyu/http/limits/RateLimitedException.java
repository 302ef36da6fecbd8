package dev.miyu.http.limits;

import java.time.Duration;

/** A caller used up an allowance; answered 429 with Retry-After by {@link dev.miyu.http.ProblemMappers}. */
public class RateLimitedException extends RuntimeException {

    private final String action;
    private final Duration retryAfter;

    public RateLimitedException(String action, Duration retryAfter) {
        super("too many " + action, null, false, false);
        this.action = action;
        this.retryAfter = retryAfter;
    }

    /** What was limited, in plural words: "bundle publishes", "ticket requests". */
    public String action() {
        return action;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
