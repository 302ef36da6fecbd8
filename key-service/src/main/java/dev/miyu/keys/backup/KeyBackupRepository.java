package dev.miyu.keys.backup;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Compare-and-set writes: each is one statement that only succeeds from the expected version. */
@ApplicationScoped
public class KeyBackupRepository implements PanacheRepositoryBase<KeyBackup, UUID> {

    /** Stores version 1 if the user has no backup yet; yields whether it did. */
    public Uni<Boolean> createFirst(UUID userId, String blob, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO key_backups (user_id, blob, version, updated_at) "
                                + "VALUES (?1, ?2, 1, ?3) ON CONFLICT (user_id) DO NOTHING")
                        .setParameter(1, userId)
                        .setParameter(2, blob)
                        .setParameter(3, now)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Replaces the backup if it is still at {@code expected}, moving it to {@code expected + 1}; yields whether it did. */
    public Uni<Boolean> replace(UUID userId, String blob, int expected, Instant now) {
        return update("blob = ?1, version = version + 1, updatedAt = ?2 where userId = ?3 and version = ?4",
                blob, now, userId, expected)
                .map(updated -> updated == 1);
    }

    /** The stored version, 0 when there is no backup. */
    public Uni<Integer> currentVersion(UUID userId) {
        return findById(userId).map(backup -> backup == null ? 0 : backup.version());
    }
}
