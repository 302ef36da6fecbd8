package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

public record KeyBundlePublished(UUID eventId, Instant occurredAt, int version,
                                 UUID userId, String username, long keyId, String fingerprint) implements MiyuEvent {

    public static KeyBundlePublished of(UUID userId, String username, long keyId, String fingerprint) {
        return new KeyBundlePublished(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, userId, username, keyId, fingerprint);
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
