package dev.miyu.friends.directory;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * Whether a user is online and when they were last active, as presence-service last reported it. Mapped so the friend
 * list can join it; written only by {@link UserPresenceRepository#upsertIfNewer}.
 */
@Entity
@Table(name = "user_presence")
public class UserPresence {

    @Id
    private UUID userId;
    private boolean online;
    private Instant lastActive;
    private Instant observedAt;

    protected UserPresence() {
    }
}
