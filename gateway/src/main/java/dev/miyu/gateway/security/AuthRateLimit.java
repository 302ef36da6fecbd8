package dev.miyu.gateway.security;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.miyu.gateway.config.GatewayConfig;
import dev.miyu.gateway.http.Problems;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Slows down password guessing and account-creation floods per client address on /api/auth/**. The buckets live in
 * this gateway instance only, so with N replicas a client gets up to N times the rate; that is acceptable because
 * auth-service keeps its own durable per-account login throttle, and this limit only has to blunt bulk traffic
 * before it reaches Argon2.
 */
@ApplicationScoped
public class AuthRateLimit implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(AuthRateLimit.class);

    private final TokenBuckets buckets;
    private final ClientOrigins clientOrigins;

    public AuthRateLimit(GatewayConfig config, ClientOrigins clientOrigins) {
        this.buckets = new TokenBuckets(config.authRateLimit().capacity(), config.authRateLimit().period(), System::nanoTime);
        this.clientOrigins = clientOrigins;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String client = clientOrigins.resolve(ctx.request()).address();
        Duration wait = buckets.take(AddressRange.subscriberKey(client));
        if (wait.isZero()) {
            ctx.next();
            return;
        }
        long retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        LOG.debugf("Rate limit reached on %s for %s", ctx.normalizedPath(), client);
        ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
        Problems.send(ctx, 429, "Too many requests from this address; retry after " + retryAfterSeconds + " s.");
    }
}
