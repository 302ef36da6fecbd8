package dev.miyu.relay.ticket;

import dev.miyu.relay.audit.AuditLog;
import dev.miyu.relay.config.RelayConfig;
import dev.miyu.relay.limits.RateLimiters;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Single-use, short-lived tickets for opening the WebSocket: browsers cannot put an access token on the upgrade
 * request, and a token in a URL would end up in proxy logs. The database keeps only the ticket's SHA-256, so any
 * relay instance can redeem it.
 */
@ApplicationScoped
public class TicketService {

    private static final int TICKET_BYTES = 32;
    private static final Pattern TICKET_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random = new SecureRandom();
    private final TicketStore store;
    private final RateLimiters limits;
    private final RelayConfig config;
    private final AuditLog audit;

    public TicketService(TicketStore store, RateLimiters limits, RelayConfig config, AuditLog audit) {
        this.store = store;
        this.limits = limits;
        this.config = config;
        this.audit = audit;
    }

    public Uni<IssuedTicket> issue(UUID userId, String username) {
        limits.tickets().take(userId);
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return store.insert(hash(ticket), userId, username, config.ticketTtl())
                .invoke(() -> audit.record("ticket.issued", "success", userId, null))
                .replaceWith(new IssuedTicket(ticket, config.ticketTtl()));
    }

    /** The ticket's holder if it is known, unexpired and unused; using it here uses it up. */
    public Uni<Optional<TicketHolder>> redeem(String ticket) {
        if (ticket == null || !TICKET_SHAPE.matcher(ticket).matches()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return store.redeem(hash(ticket));
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteExpired() {
        return store.deleteExpired().replaceWithVoid();
    }

    private static String hash(String ticket) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(ticket.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
