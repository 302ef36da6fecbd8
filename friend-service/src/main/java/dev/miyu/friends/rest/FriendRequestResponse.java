package dev.miyu.friends.rest;

import dev.miyu.friends.friendship.RequestView;

import java.time.Instant;
import java.util.UUID;

/** A friend request; {@code from} and {@code to} are usernames, {@code status} pending|accepted|declined|cancelled. */
public record FriendRequestResponse(UUID id, String from, String to, Instant createdAt, String status) {

    static FriendRequestResponse of(RequestView request) {
        return new FriendRequestResponse(request.id(), request.from(), request.to(), request.createdAt(),
                request.status().requestState());
    }
}
