package dev.miyu.relay.queue;

import java.util.UUID;

/**
 * An envelope stored for its recipient under {@code seq}. {@code fresh} is false when the send repeated an id that
 * was already accepted: nothing new was queued.
 */
public record Accepted(UUID recipientId, long seq, boolean fresh) {
}
