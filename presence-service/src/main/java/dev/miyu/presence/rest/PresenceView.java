package dev.miyu.presence.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.miyu.presence.online.UserPresence;

import java.time.Instant;
import java.util.Locale;

/**
 * One entry of {@code GET /api/presence}: {@code {"username","status":"online"|"offline","lastActive"}} for the
 * caller's friends and the caller, {@code {"username","status":"unknown"}} for anyone else. {@code lastActive} is
 * absent when unknown, and for a friend who never sent a heartbeat.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceView(String username, String status, Instant lastActive) {

    static PresenceView of(UserPresence presence) {
        return new PresenceView(presence.username(), presence.status().name().toLowerCase(Locale.ROOT), presence.lastActive());
    }
}
