package dev.miyu.presence.friendship;

import dev.miyu.events.UserRef;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The friendship projection: both directions of every pair, active or removed, with the time of the last change. */
@ApplicationScoped
public class FriendshipRepository implements PanacheRepositoryBase<Friendship, Friendship.Key> {

    /**
     * Records that {@code a} and {@code b} became (or stopped being) friends at {@code at}. An upsert that keeps the
     * newest change: redelivered events change nothing, and an older event arriving late cannot undo a newer one.
     */
    public Uni<Void> record(UserRef a, UserRef b, boolean active, Instant at) {
        return upsert(a, b, active, at).chain(() -> upsert(b, a, active, at));
    }

    /** The caller's current friends among {@code usernames}. */
    public Uni<List<Friendship>> friendsNamed(UUID userId, Collection<String> usernames) {
        return list("userId = ?1 and active = true and friendUsername in ?2", userId, usernames);
    }

    private Uni<Void> upsert(UserRef user, UserRef friend, boolean active, Instant at) {
        return getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO friendships (user_id, friend_id, friend_username, active, changed_at)
                        VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT (user_id, friend_id) DO UPDATE
                        SET friend_username = EXCLUDED.friend_username, active = EXCLUDED.active, changed_at = EXCLUDED.changed_at
                        WHERE friendships.changed_at < EXCLUDED.changed_at""")
                        .setParameter(1, user.userId())
                        .setParameter(2, friend.userId())
                        .setParameter(3, friend.username())
                        .setParameter(4, active)
                        .setParameter(5, at)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
