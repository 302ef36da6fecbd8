package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's WebSocket opened on a relay instance. Every relay instance closes that user's sockets of an older
 * {@code generation} (a database sequence, so newer always means larger), which keeps one connection per user.
 */
public record ConnectionOpened(UUID eventId, Instant occurredAt, int version,
                               UUID userId, UUID instanceId, long generation) implements MiyuEvent {

    public static ConnectionOpened of(UUID userId, UUID instanceId, long generation) {
        return new ConnectionOpened(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, userId, instanceId, generation);
    }

    @Override
    public String topic() {
        return Topics.DELIVERIES;
    }

    @Override
    public String key() {
        return userId.toString();
    }
}
