package dev.miyu.presence.online;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The presence table. Every change of a user's online flag happens either under that user's row lock or in one
 * conditional statement, so concurrent heartbeats, logouts and sweeps on any number of instances decide each
 * transition exactly once.
 */
@ApplicationScoped
public class PresenceRepository implements PanacheRepositoryBase<Presence, UUID> {

    /**
     * Inserts an online row for a user who never had one; false when the row already exists. Concurrent first
     * heartbeats of one user meet on the primary key: one inserts, the others wait for it and then insert nothing.
     */
    Uni<Boolean> insertIfAbsent(Heartbeat heartbeat, String instance, Instant at) {
        return getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO presence (user_id, username, online, last_active, client_ip, user_agent, instance_id)
                        VALUES (?1, ?2, TRUE, ?3, ?4, ?5, ?6)
                        ON CONFLICT (user_id) DO NOTHING""")
                        .setParameter(1, heartbeat.userId())
                        .setParameter(2, heartbeat.username())
                        .setParameter(3, at)
                        .setParameter(4, heartbeat.clientIp())
                        .setParameter(5, heartbeat.userAgent())
                        .setParameter(6, instance)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Loads a user's row locked until the transaction ends (SELECT … FOR UPDATE); null when there is none. */
    Uni<Presence> lock(UUID userId) {
        return findById(userId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Takes offline, in one statement, up to {@code limit} online users last active before {@code cutoff} and returns
     * them. Rows another transaction holds (a heartbeat in progress) are skipped rather than waited for, and every
     * row is re-checked once locked, so two sweepers never flip the same user and a fresh heartbeat always wins.
     */
    Uni<List<Presence>> expire(Instant cutoff, int limit) {
        return getSession().chain(session -> session.createNativeQuery("""
                        UPDATE presence SET online = FALSE
                        WHERE user_id IN (SELECT user_id FROM presence
                                          WHERE online AND last_active < ?1
                                          ORDER BY last_active
                                          LIMIT ?2
                                          FOR UPDATE SKIP LOCKED)
                        RETURNING *""", Presence.class)
                .setParameter(1, cutoff)
                .setParameter(2, limit)
                .getResultList());
    }

    Uni<List<Presence>> findByUserIds(Collection<UUID> userIds) {
        return list("userId in ?1", userIds);
    }

    Uni<Long> countOnline() {
        return count("online", true);
    }
}
