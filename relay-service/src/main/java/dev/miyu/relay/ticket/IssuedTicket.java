package dev.miyu.relay.ticket;

import java.time.Duration;

/** A ticket as handed to its user: the only time the plain value exists outside the client. */
public record IssuedTicket(String ticket, Duration ttl) {
}
