package dev.miyu.presence.limits;

import dev.miyu.http.limits.RateLimitedException;
import dev.miyu.http.limits.RateLimiter;
import dev.miyu.presence.config.PresenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Every per-user allowance of this service, in one place; the gateway limits per address in front of them all. */
@ApplicationScoped
public class RateLimiters {

    private static final Logger AUDIT = Logger.getLogger("audit");

    private final RateLimiter<UUID> writes;
    /** Users refused since their last granted write: a client hammering the endpoint must not flood the audit log. */
    private final Set<UUID> refused = ConcurrentHashMap.newKeySet();

    public RateLimiters(PresenceConfig config) {
        this.writes = new RateLimiter<>("requests", config.rateLimit().perMinute(), Duration.ofMinutes(1));
    }

    /** Heartbeats and offline calls together; each costs one row update. Audits the first refusal of a run. */
    public void write(UUID userId, String action) {
        try {
            writes.take(userId);
            refused.remove(userId);
        } catch (RateLimitedException e) {
            if (refused.add(userId)) {
                AUDIT.infof("action=%s user=%s outcome=rate-limited", action, userId);
            }
            throw e;
        }
    }
}
