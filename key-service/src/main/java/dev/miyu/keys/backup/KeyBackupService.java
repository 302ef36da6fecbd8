package dev.miyu.keys.backup;

import dev.miyu.keys.audit.AuditLog;
import dev.miyu.keys.config.KeysConfig;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Each user's encrypted private-key backup. Writes are compare-and-set on the version, so two browsers of one
 * user cannot silently overwrite each other's keys: the loser gets the current version and must re-read.
 */
@ApplicationScoped
public class KeyBackupService {

    private static final String WRITE = "key-backup.write";

    private final KeyBackupRepository backups;
    private final AuditLog audit;
    private final int maxBytes;

    public KeyBackupService(KeyBackupRepository backups, AuditLog audit, KeysConfig config) {
        this.backups = backups;
        this.audit = audit;
        this.maxBytes = config.backup().maxBytes();
    }

    @WithSession
    public Uni<KeyBackup> read(UUID userId) {
        return backups.findById(userId).onItem().ifNull().failWith(NoBackupException::new);
    }

    /** Stores {@code blob} as version {@code expectedVersion + 1}; 0 means "I believe there is no backup yet". */
    public Uni<StoredBackup> write(UUID userId, String blob, int expectedVersion) {
        return Uni.createFrom().item(() -> requireBlob(blob))
                .chain(valid -> compareAndSet(userId, valid, expectedVersion))
                .invoke(stored -> audit.record(WRITE, userId, "stored", "version=" + stored.version()))
                .onFailure().invoke(failure -> audit.record(WRITE, userId, outcome(failure),
                        "reason=" + failure.getClass().getSimpleName() + " sentVersion=" + expectedVersion));
    }

    /** Runs in its own transaction: ArC intercepts self-invocation of non-private methods. */
    @WithTransaction
    Uni<StoredBackup> compareAndSet(UUID userId, String blob, int expectedVersion) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Uni<Boolean> written = expectedVersion == 0
                ? backups.createFirst(userId, blob, now)
                : backups.replace(userId, blob, expectedVersion, now);
        return written.chain(ok -> ok
                ? Uni.createFrom().item(new StoredBackup(expectedVersion + 1, now))
                : backups.currentVersion(userId).chain(current ->
                        Uni.createFrom().<StoredBackup>failure(new StaleBackupVersionException(expectedVersion, current))));
    }

    private String requireBlob(String blob) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(blob);
        } catch (IllegalArgumentException e) {
            throw new InvalidBackupException("blob", "blob is not valid base64");
        }
        if (decoded.length == 0 || decoded.length > maxBytes) {
            throw new InvalidBackupException("blob", "blob must decode to 1.." + maxBytes + " bytes, not " + decoded.length);
        }
        return blob;
    }

    private static String outcome(Throwable failure) {
        return failure instanceof InvalidBackupException || failure instanceof StaleBackupVersionException ? "rejected" : "failed";
    }
}
