package dev.miyu.relay.ticket;

import java.time.Instant;
import java.util.UUID;

/**
 * Who a redeemed ticket was issued to, the generation of the connection it opens, and when it was redeemed (before
 * the upgrade completes, so before the client can see its socket).
 */
public record TicketHolder(UUID userId, String username, long generation, Instant redeemedAt) {
}
