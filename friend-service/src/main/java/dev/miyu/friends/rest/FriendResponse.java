package dev.miyu.friends.rest;

import dev.miyu.friends.friendship.FriendView;

import java.time.Instant;
import java.util.UUID;

/**
 * A friend: presence and key fingerprint as last reported (null when never reported), and when the friendship began.
 */
public record FriendResponse(String username, UUID userId, boolean online, Instant lastActive, String fingerprint,
                             Instant since) {

    static FriendResponse of(FriendView friend) {
        return new FriendResponse(friend.username(), friend.userId(), friend.online(), friend.lastActive(),
                friend.fingerprint(), friend.since());
    }
}
