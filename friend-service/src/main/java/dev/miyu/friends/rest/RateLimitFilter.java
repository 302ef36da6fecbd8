package dev.miyu.friends.rest;

import dev.miyu.friends.limits.RateLimiters;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Refuses a {@link RateLimited} call once its caller has used up their writes for now. */
@Provider
@RateLimited
@Priority(Priorities.USER)
public class RateLimitFilter implements ContainerRequestFilter {

    private final RateLimiters limits;
    private final Caller caller;

    public RateLimitFilter(RateLimiters limits, Caller caller) {
        this.limits = limits;
        this.caller = caller;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // An anonymous call is refused by the endpoint's security check; there is nobody to count it against.
        if (!caller.isAuthenticated()) {
            return;
        }
        limits.writes().take(caller.id());
    }
}
