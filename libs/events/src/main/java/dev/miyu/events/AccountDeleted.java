package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

public record AccountDeleted(UUID eventId, Instant occurredAt, int version,
                             UUID userId, String username) implements MiyuEvent {

    public static AccountDeleted of(UUID userId, String username) {
        return new AccountDeleted(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, userId, username);
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
