package dev.miyu.friends.friendship;

import java.util.UUID;

/** How another user stands to the viewer: friend, a request the viewer sent (requested) or received (incoming). */
public enum Relation {
    NONE, FRIEND, REQUESTED, INCOMING;

    /** The relation a live relationship row (or none) gives the viewer. */
    public static Relation of(Relationship live, UUID viewer) {
        if (live == null) {
            return NONE;
        }
        if (live.status() == RelationshipStatus.FRIENDS) {
            return FRIEND;
        }
        return live.requesterId().equals(viewer) ? REQUESTED : INCOMING;
    }
}
