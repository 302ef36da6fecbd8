package dev.miyu.friends.directory;

import dev.miyu.friends.friendship.Relation;

import java.util.UUID;

/** A user found by name, with how they stand to the searcher. */
public record SearchHit(String username, UUID userId, Relation relation) {
}
