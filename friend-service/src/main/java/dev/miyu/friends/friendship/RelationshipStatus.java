package dev.miyu.friends.friendship;

import java.util.List;

/** Where a friend request stands; an accepted request stays FRIENDS until either side removes the friendship. */
public enum RelationshipStatus {
    PENDING, FRIENDS, DECLINED, CANCELLED, ENDED;

    /** The statuses of which a pair may have at most one row (the unique index relationships_one_live_per_pair). */
    public static final List<RelationshipStatus> LIVE = List.of(PENDING, FRIENDS);

    /** The request's state as the API names it: a friendship, current or ended, is an accepted request. */
    public String requestState() {
        return switch (this) {
            case PENDING -> "pending";
            case FRIENDS, ENDED -> "accepted";
            case DECLINED -> "declined";
            case CANCELLED -> "cancelled";
        };
    }
}
