package dev.miyu.friends.directory;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/**
 * The fingerprint of a user's newest published key, shown next to each friend so clients can spot key changes.
 * Mapped so the friend list can join it; written only by {@link UserKeyRepository#upsertIfNewer}.
 */
@Entity
@Table(name = "user_keys")
public class UserKey {

    @Id
    private UUID userId;
    private long keyId;
    private String fingerprint;

    protected UserKey() {
    }
}
