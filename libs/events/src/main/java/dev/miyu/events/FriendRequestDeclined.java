package dev.miyu.events;

import java.time.Instant;
import java.util.UUID;

/** A pending request ended without a friendship: declined by its recipient or cancelled by its sender. */
public record FriendRequestDeclined(UUID eventId, Instant occurredAt, int version,
                                    UUID requestId, UserRef from, UserRef to, String reason) implements MiyuEvent {

    public static final String DECLINED = "declined";
    public static final String CANCELLED = "cancelled";

    public static FriendRequestDeclined of(UUID requestId, UserRef from, UserRef to, String reason) {
        return new FriendRequestDeclined(UUID.randomUUID(), Instant.now(), CURRENT_VERSION, requestId, from, to, reason);
    }

    @Override
    public String topic() {
        return Topics.FRIENDSHIPS;
    }

    @Override
    public String key() {
        return from.userId().toString();
    }
}
