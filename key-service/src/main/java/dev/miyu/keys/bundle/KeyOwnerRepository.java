package dev.miyu.keys.bundle;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.UUID;

@ApplicationScoped
public class KeyOwnerRepository implements PanacheRepositoryBase<KeyOwner, UUID> {

    /**
     * Registers the user if new and locks their row for the rest of the transaction, so concurrent publishes by
     * one user take turns. Yields null when the username already belongs to another user id.
     */
    public Uni<KeyOwner> lockOrCreate(UUID userId, String username) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO key_owners (user_id, username, current_version) "
                                + "VALUES (?1, ?2, 0) ON CONFLICT DO NOTHING")
                        .setParameter(1, userId)
                        .setParameter(2, username)
                        .executeUpdate())
                .chain(() -> findById(userId, LockModeType.PESSIMISTIC_WRITE));
    }

    public Uni<KeyOwner> findByUsername(String username) {
        return find("username", username).firstResult();
    }
}
