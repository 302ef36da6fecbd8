package dev.miyu.presence.online;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Every instance sweeps on its own schedule; the sweep's single conditional UPDATE makes that safe. */
@ApplicationScoped
public class PresenceSweeper {

    private static final Logger LOG = Logger.getLogger(PresenceSweeper.class);

    private final PresenceService presence;

    PresenceSweeper(PresenceService presence) {
        this.presence = presence;
    }

    // Skipped while starting and stopping: a sweep then would only fail on a pool that is not (or no longer) there.
    @Scheduled(every = "${miyu.presence.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        // A failed sweep is simply repeated by the next one; the users it missed are still expired then.
        return presence.sweep()
                .onFailure().invoke(e -> LOG.warnf("presence sweep failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }
}
