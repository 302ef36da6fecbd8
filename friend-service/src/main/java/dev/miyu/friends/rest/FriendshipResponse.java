package dev.miyu.friends.rest;

/** Answer to an action that made a friendship (accepting, or requesting someone who had already asked). */
public record FriendshipResponse(FriendResponse friendship) {
}
