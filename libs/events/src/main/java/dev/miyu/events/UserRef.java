package dev.miyu.events;

import java.util.UUID;

/** A user as events name them: the stable id and the (lowercase) username. */
public record UserRef(UUID userId, String username) {
}
