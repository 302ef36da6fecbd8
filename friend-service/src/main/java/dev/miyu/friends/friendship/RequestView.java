package dev.miyu.friends.friendship;

import java.time.Instant;
import java.util.UUID;

/** A friend request with both parties named. */
public record RequestView(UUID id, String from, String to, Instant createdAt, RelationshipStatus status) {
}
