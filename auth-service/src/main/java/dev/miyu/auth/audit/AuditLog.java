package dev.miyu.auth.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Security audit trail: one JSON line per register, login, refresh and logout on the {@code audit} logger category,
 * saying who, from which client IP, and with what outcome. Its methods take no secret, token or hash, so none can
 * end up here.
 */
@ApplicationScoped
public class AuditLog {

    public enum Action { REGISTER, LOGIN, REFRESH, LOGOUT }

    public enum Outcome { SUCCESS, FAILURE, THROTTLED }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(Instant at, String action, String outcome, String reason, UUID userId, String username, String clientIp) {
    }

    private static final Logger LOG = Logger.getLogger("audit");

    private final ObjectMapper json;

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param reason why it failed (a fixed word such as {@code wrong-secret}), or null
     * @param userId the account concerned, or null when unknown
     * @param username the username concerned, or null when unknown
     */
    public void record(Action action, Outcome outcome, String reason, UUID userId, String username, String clientIp) {
        Entry entry = new Entry(Instant.now(), name(action), name(outcome), reason, userId, username, clientIp);
        try {
            LOG.info(json.writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entry cannot be written as JSON", e);
        }
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
