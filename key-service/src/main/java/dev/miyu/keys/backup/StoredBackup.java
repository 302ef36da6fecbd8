package dev.miyu.keys.backup;

import java.time.Instant;

/** The version a backup write produced. */
public record StoredBackup(int version, Instant updatedAt) {
}
