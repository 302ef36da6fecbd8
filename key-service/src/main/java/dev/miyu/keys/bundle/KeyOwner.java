package dev.miyu.keys.bundle;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A user in the key directory: the username their bundles are signed for and the version that is current. */
@Entity
@Table(name = "key_owners")
public class KeyOwner {

    @Id
    @Column(name = "user_id")
    private UUID userId;

    private String username;

    @Column(name = "current_version")
    private int currentVersion;

    protected KeyOwner() {
    }

    public UUID userId() {
        return userId;
    }

    public String username() {
        return username;
    }

    public int currentVersion() {
        return currentVersion;
    }

    void advanceTo(int version) {
        currentVersion = version;
    }
}
