package dev.miyu.keys.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.miyu.keys.backup.KeyBackup;
import dev.miyu.keys.backup.StoredBackup;

import java.time.Instant;

/** A backup as its owner reads it; after a write the blob they just sent is not echoed back. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupView(String blob, int version, Instant updatedAt) {

    static BackupView of(KeyBackup backup) {
        return new BackupView(backup.blob(), backup.version(), backup.updatedAt());
    }

    static BackupView of(StoredBackup stored) {
        return new BackupView(null, stored.version(), stored.updatedAt());
    }
}
