package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

public record FriendRequested(UUID eventId, Instant occurredAt, int version,
                              UUID requestId, UserRef from, UserRef to) implements MiyuEvent {

    public static FriendRequested of(UUID requestId, UserRef from, UserRef to) {
        return new FriendRequested(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, requestId, from, to);
    }

    @Override
    public String topic() {
        return Topics.FRIENDSHIPS;
    }

    @Override
    public String key() {
        return to.userId().toString();
    }
}
