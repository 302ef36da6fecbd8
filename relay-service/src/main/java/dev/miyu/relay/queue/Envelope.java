package dev.miyu.relay.queue;

import java.time.Instant;
import java.util.UUID;

/** A queued envelope as delivered: the sender's id for it, the recipient's sequence number, and the opaque body. */
public record Envelope(UUID id, long seq, String from, Instant sentAt, byte[] body) {
}
