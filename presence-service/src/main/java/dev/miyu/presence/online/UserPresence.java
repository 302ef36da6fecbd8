package dev.miyu.presence.online;

import java.time.Instant;

/** What the caller may know about one user: online or offline for friends and themselves, unknown otherwise. */
public record UserPresence(String username, Status status, Instant lastActive) {

    public enum Status { ONLINE, OFFLINE, UNKNOWN }

    static UserPresence unknown(String username) {
        return new UserPresence(username, Status.UNKNOWN, null);
    }

    /** A visible user; {@code presence} is null for one who never sent a heartbeat. */
    static UserPresence of(String username, Presence presence) {
        if (presence == null) {
            return new UserPresence(username, Status.OFFLINE, null);
        }
        return new UserPresence(username, presence.online ? Status.ONLINE : Status.OFFLINE, presence.lastActive);
    }
}
