package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

/** A user's stock of one-time prekeys fell below the refill threshold; their browser should upload more. */
public record PrekeysLow(UUID eventId, Instant occurredAt, int version, UUID userId, int remaining) implements MiyuEvent {

    public static PrekeysLow of(UUID userId, int remaining) {
        return new PrekeysLow(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, userId, remaining);
    }

    @Override
    public String topic() {
        return Topics.KEYS;
    }

    @Override
    public String key() {
        return userId.toString();
    }
}
