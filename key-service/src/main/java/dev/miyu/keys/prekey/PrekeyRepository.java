package dev.miyu.keys.prekey;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Storage of signed and one-time prekeys; every method runs in the caller's session and transaction. */
@ApplicationScoped
public class PrekeyRepository {

    public Uni<SignedPrekey> signed(UUID userId) {
        return Panache.getSession().chain(session -> session.find(SignedPrekey.class, userId));
    }

    public Uni<Void> persist(SignedPrekey prekey) {
        return Panache.getSession().chain(session -> session.persist(prekey));
    }

    /** One-time prekeys that can still be served: those of the current identity and curve. */
    public Uni<Long> count(UUID userId, String fingerprint, String curve) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select count(*) from OneTimePrekey where userId = ?1 and fingerprint = ?2 and curve = ?3", Long.class)
                .setParameter(1, userId).setParameter(2, fingerprint).setParameter(3, curve)
                .getSingleResult());
    }

    /** Drops one-time prekeys made for an older identity or another curve: nobody may be handed them again. */
    public Uni<Integer> deleteUnservable(UUID userId, String fingerprint, String curve) {
        return Panache.getSession().chain(session -> session
                .createMutationQuery("delete from OneTimePrekey where userId = ?1 and (fingerprint <> ?2 or curve <> ?3)")
                .setParameter(1, userId).setParameter(2, fingerprint).setParameter(3, curve)
                .executeUpdate());
    }

    /** Adds the batch; an id the user already stored is skipped, so a retried upload is harmless. */
    public Uni<Void> addOneTime(UUID userId, String fingerprint, String curve, List<Prekey> prekeys) {
        return Multi.createFrom().iterable(prekeys)
                .onItem().transformToUniAndConcatenate(prekey -> Panache.getSession().chain(session -> session
                        .createNativeQuery("INSERT INTO one_time_prekeys (user_id, fingerprint, curve, key_id, public_key, signature) "
                                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (user_id, key_id) DO NOTHING")
                        .setParameter(1, userId).setParameter(2, fingerprint).setParameter(3, curve)
                        .setParameter(4, prekey.id()).setParameter(5, prekey.publicKey()).setParameter(6, prekey.signature())
                        .executeUpdate()))
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Removes and returns the oldest servable one-time prekey, or null when none is left, in one statement. SKIP LOCKED
     * makes a concurrent taker pass over the row another transaction is deleting, so no two takers ever get the same
     * key and none waits for another.
     */
    public Uni<Prekey> takeOneTime(UUID userId, String fingerprint, String curve) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("DELETE FROM one_time_prekeys WHERE id = (SELECT id FROM one_time_prekeys "
                        + "WHERE user_id = ?1 AND fingerprint = ?2 AND curve = ?3 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                        + "RETURNING key_id, public_key, signature", Object[].class)
                .setParameter(1, userId).setParameter(2, fingerprint).setParameter(3, curve)
                .getResultList()
                .map(rows -> rows.isEmpty()
                        ? null
                        : new Prekey(((Number) rows.get(0)[0]).intValue(), (String) rows.get(0)[1], (String) rows.get(0)[2])));
    }
}
