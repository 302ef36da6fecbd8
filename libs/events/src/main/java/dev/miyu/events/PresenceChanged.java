package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

public record PresenceChanged(UUID eventId, Instant occurredAt, int version,
                              UUID userId, String username, boolean online, Instant lastActive) implements MiyuEvent {

    public static PresenceChanged of(UUID userId, String username, boolean online, Instant lastActive) {
        return new PresenceChanged(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, userId, username, online, lastActive);
    }

    @Override
    public String topic() {
        return Topics.PRESENCE;
    }

    @Override
    public String key() {
        return userId.toString();
    }
}
