package dev.miyu.relay.rest;

import dev.miyu.relay.ticket.TicketService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Hands out the single-use ticket a browser needs to open {@code /ws}. */
@Path("/api/relay/ticket")
@Authenticated
public class TicketResource {

    /** @param expiresIn seconds the ticket stays valid */
    public record TicketResponse(String ticket, long expiresIn) {
    }

    private final TicketService tickets;
    private final Caller user;

    public TicketResource(TicketService tickets, Caller user) {
        this.tickets = tickets;
        this.user = user;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<TicketResponse> issue() {
        return tickets.issue(user.id(), user.username())
                .map(issued -> new TicketResponse(issued.ticket(), issued.ttl().toSeconds()));
    }
}
