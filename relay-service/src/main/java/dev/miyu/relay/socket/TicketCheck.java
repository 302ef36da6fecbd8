package dev.miyu.relay.socket;

import dev.miyu.relay.audit.AuditLog;
import dev.miyu.relay.config.RelayConfig;
import dev.miyu.relay.ticket.TicketHolder;
import dev.miyu.relay.ticket.TicketService;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Decides the WebSocket upgrade before it happens: a browser page from an origin not on the allowlist gets 403
 * (a missing Origin means a non-browser client, which cannot be tricked into connecting); a missing, unknown,
 * expired or already used ticket gets 401. The ticket's holder travels to the connection in its user data.
 */
@ApplicationScoped
public class TicketCheck implements HttpUpgradeCheck {

    static final UserData.TypedKey<TicketHolder> HOLDER = new UserData.TypedKey<>("miyu.ticket-holder");

    private final TicketService tickets;
    private final Set<String> allowedOrigins;
    private final AuditLog audit;

    public TicketCheck(TicketService tickets, RelayConfig config, AuditLog audit) {
        this.tickets = tickets;
        this.allowedOrigins = Set.copyOf(config.allowedOrigins());
        this.audit = audit;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !allowedOrigins.contains(origin)) {
            audit.record("connection.refused", "origin-not-allowed", null, null);
            return CheckResult.rejectUpgrade(403);
        }
        return tickets.redeem(request.getParam("ticket")).map(holder -> {
            if (holder.isEmpty()) {
                audit.record("connection.refused", "bad-ticket", null, null);
                return CheckResult.rejectUpgradeSync(401);
            }
            context.userData().put(HOLDER, holder.get());
            return CheckResult.permitUpgradeSync();
        });
    }
}
