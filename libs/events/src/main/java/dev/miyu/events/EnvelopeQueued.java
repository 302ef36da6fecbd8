package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

/** Tells whichever relay instance holds the recipient's socket that its queue has a new envelope. */
public record EnvelopeQueued(UUID eventId, Instant occurredAt, int version,
                             UUID recipientId, UUID envelopeId, long seq) implements MiyuEvent {

    public static EnvelopeQueued of(UUID recipientId, UUID envelopeId, long seq) {
        return new EnvelopeQueued(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, recipientId, envelopeId, seq);
    }

    @Override
    public String topic() {
        return Topics.DELIVERIES;
    }

    @Override
    public String key() {
        return recipientId.toString();
    }
}
