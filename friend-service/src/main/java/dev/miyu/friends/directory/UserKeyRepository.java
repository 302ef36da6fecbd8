package dev.miyu.friends.directory;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class UserKeyRepository implements PanacheRepositoryBase<UserKey, UUID> {

    /** Keeps the key with the highest id, so a redelivered or reordered older key never replaces a newer one. */
    public Uni<Void> upsertIfNewer(UUID userId, long keyId, String fingerprint) {
        return getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO user_keys (user_id, key_id, fingerprint) VALUES (?1, ?2, ?3)
                        ON CONFLICT (user_id) DO UPDATE SET key_id = EXCLUDED.key_id, fingerprint = EXCLUDED.fingerprint
                        WHERE user_keys.key_id < EXCLUDED.key_id""")
                        .setParameter(1, userId)
                        .setParameter(2, keyId)
                        .setParameter(3, fingerprint)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
