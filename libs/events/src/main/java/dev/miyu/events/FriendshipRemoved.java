package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

public record FriendshipRemoved(UUID eventId, Instant occurredAt, int version,
                                UserRef a, UserRef b) implements MiyuEvent {

    public static FriendshipRemoved of(UserRef a, UserRef b) {
        return new FriendshipRemoved(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, a, b);
    }

    @Override
    public String topic() {
        return Topics.FRIENDSHIPS;
    }

    @Override
    public String key() {
        return a.userId().toString();
    }
}
