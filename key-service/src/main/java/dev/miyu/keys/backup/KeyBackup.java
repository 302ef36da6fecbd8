package dev.miyu.keys.backup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A user's private keys, encrypted in the browser under a key the server never sees; opaque here. */
@Entity
@Table(name = "key_backups")
public class KeyBackup {

    @Id
    @Column(name = "user_id")
    private UUID userId;

    private String blob;

    private int version;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected KeyBackup() {
    }

    public String blob() {
        return blob;
    }

    public int version() {
        return version;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
