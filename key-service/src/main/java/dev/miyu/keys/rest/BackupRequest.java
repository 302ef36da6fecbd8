package dev.miyu.keys.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;

/** {@code version} is the version the client last read; absent means it has never seen a backup (0). */
public record BackupRequest(@NotBlank String blob, @PositiveOrZero Integer version) {

    int expectedVersion() {
        return version == null ? 0 : version;
    }
}
