package dev.miyu.friends.audit;

import dev.miyu.friends.friendship.FriendshipException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The audit trail (logger {@code audit}, JSON lines in production) of every friendship change this service makes or
 * refuses: who, what, on whom, and the outcome. Ids and usernames only; never tokens.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger("audit");

    /** {@code failure} is null when the change committed. */
    public void record(String action, Object actor, Object subject, Throwable failure) {
        LOG.infof("action=%s actor=%s subject=%s outcome=%s", action, actor, subject, outcome(failure));
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        return failure instanceof FriendshipException refusal ? "refused-" + refusal.reason() : "failed";
    }
}
