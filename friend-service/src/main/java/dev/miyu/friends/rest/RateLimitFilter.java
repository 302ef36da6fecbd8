package dev.miyu.friends.rest;

import dev.miyu.friends.ProblemException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;

/** Refuses a {@link RateLimited} call once its caller has used up their writes for now. */
@Provider
@RateLimited
@Priority(Priorities.USER)
public class RateLimitFilter implements ContainerRequestFilter {

    private final WriteRateLimiter limiter;
    private final Caller caller;

    public RateLimitFilter(WriteRateLimiter limiter, Caller caller) {
        this.limiter = limiter;
        this.caller = caller;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // An anonymous call is refused by the endpoint's security check; there is nobody to count it against.
        if (!caller.isAuthenticated()) {
            return;
        }
        long waitSeconds = limiter.acquire(caller.id());
        if (waitSeconds > 0) {
            throw new TooManyWrites(waitSeconds);
        }
    }

    public static final class TooManyWrites extends ProblemException {
        private final long retryAfterSeconds;

        TooManyWrites(long retryAfterSeconds) {
            super(429, "too many changes in a short time; try again in " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", Long.toString(retryAfterSeconds));
        }
    }
}
