package dev.miyu.relay.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Audit trail of the state changes the relay makes: one JSON line per change on the {@code audit} logger category,
 * saying who, what and with what outcome. Its methods take ids and counts only, never a ticket, token or message
 * body, so none can end up here.
 */
@ApplicationScoped
public class AuditLog {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(Instant at, String action, String outcome, UUID userId, String subject, Long count) {
    }

    private static final Logger LOG = Logger.getLogger("audit");

    private final ObjectMapper json;

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param action  what happened, e.g. {@code envelope.accepted}
     * @param outcome {@code success} or the reason it was refused, e.g. {@code not-friends}
     * @param userId  who did it, or null for the service's own housekeeping
     * @param subject what it was done to (an envelope, attachment or user id), or null
     */
    public void record(String action, String outcome, UUID userId, Object subject) {
        write(new Entry(Instant.now(), action, outcome, userId, subject == null ? null : subject.toString(), null));
    }

    /** A change of many rows at once, e.g. a purge ({@code userId} and {@code subject} may be null for housekeeping). */
    public void recordCount(String action, UUID userId, Object subject, long count) {
        write(new Entry(Instant.now(), action, "success", userId, subject == null ? null : subject.toString(), count));
    }

    private void write(Entry entry) {
        try {
            LOG.info(json.writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entry cannot be written as JSON", e);
        }
    }
}
