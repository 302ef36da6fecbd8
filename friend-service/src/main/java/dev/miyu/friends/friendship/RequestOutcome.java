package dev.miyu.friends.friendship;

/** What sending a friend request did: sent it, or, because the other user had already asked, made the friendship. */
public sealed interface RequestOutcome {

    record Requested(RequestView request) implements RequestOutcome {
    }

    record Befriended(FriendView friend) implements RequestOutcome {
    }
}
