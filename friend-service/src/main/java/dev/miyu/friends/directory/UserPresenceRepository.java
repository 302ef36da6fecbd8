package dev.miyu.friends.directory;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class UserPresenceRepository implements PanacheRepositoryBase<UserPresence, UUID> {

    /** Records the report unless a later one (by the time it happened) was already applied. */
    public Uni<Void> upsertIfNewer(UUID userId, boolean online, Instant lastActive, Instant observedAt) {
        return getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO user_presence (user_id, online, last_active, observed_at) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (user_id) DO UPDATE
                        SET online = EXCLUDED.online, last_active = EXCLUDED.last_active, observed_at = EXCLUDED.observed_at
                        WHERE user_presence.observed_at < EXCLUDED.observed_at""")
                        .setParameter(1, userId)
                        .setParameter(2, online)
                        .setParameter(3, lastActive)
                        .setParameter(4, observedAt)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
