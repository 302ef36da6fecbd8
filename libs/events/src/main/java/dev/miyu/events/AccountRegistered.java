package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

public record AccountRegistered(UUID eventId, Instant occurredAt, int version,
                                UUID userId, String username, Instant registeredAt) implements MiyuEvent {

    public static AccountRegistered of(UUID userId, String username, Instant registeredAt) {
        return new AccountRegistered(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, userId, username, registeredAt);
    }

    @Override
    public String topic() {
        return Topics.ACCOUNTS;
    }

    @Override
    public String key() {
        return userId.toString();
    }
}
