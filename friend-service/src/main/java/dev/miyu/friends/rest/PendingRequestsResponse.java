package dev.miyu.friends.rest;

import dev.miyu.friends.friendship.PendingRequests;

import java.util.List;

/** The caller's pending requests, oldest first: received ones to answer, sent ones awaiting an answer. */
public record PendingRequestsResponse(List<FriendRequestResponse> incoming, List<FriendRequestResponse> outgoing) {

    static PendingRequestsResponse of(PendingRequests pending) {
        return new PendingRequestsResponse(pending.incoming().stream().map(FriendRequestResponse::of).toList(),
                pending.outgoing().stream().map(FriendRequestResponse::of).toList());
    }
}
