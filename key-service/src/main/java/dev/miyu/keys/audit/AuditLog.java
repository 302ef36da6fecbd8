package dev.miyu.keys.audit;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Writes one line per state-changing request to the {@code audit} category: who, what, outcome and public
 * details (versions, fingerprints). Key material, backup blobs and tokens are never passed in here.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger AUDIT = Logger.getLogger("audit");

    public void record(String action, UUID actor, String outcome, String details) {
        AUDIT.infof("action=%s actor=%s outcome=%s %s", action, actor, outcome, details);
    }
}
