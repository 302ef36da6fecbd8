package dev.miyu.friends.friendship;

import java.time.Instant;
import java.util.UUID;

/** A friend as the friend list shows them, from local projections only. */
public record FriendView(String username, UUID userId, boolean online, Instant lastActive, String fingerprint,
                         Instant since) {
}
