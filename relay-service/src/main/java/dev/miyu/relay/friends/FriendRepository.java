package dev.miyu.relay.friends;

import dev.miyu.events.UserRef;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code friends} projection. Writes and the send-time check join the caller's Hibernate transaction (the
 * projection's Inbox transaction, the send transaction); lookups for pushes and downloads, which run outside any
 * session, use the reactive pool.
 */
@ApplicationScoped
public class FriendRepository {

    private final Pool pool;

    public FriendRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records that {@code user} is (or is no longer) friends with {@code friend} as of {@code at}, unless a later
     * change is already recorded. Returns whether the row changed.
     */
    Uni<Boolean> record(UUID user, UserRef friend, boolean active, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO friends (user_id, friend_id, friend_username, active, changed_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                                + "ON CONFLICT (user_id, friend_id) DO UPDATE SET friend_username = EXCLUDED.friend_username, "
                                + "active = EXCLUDED.active, changed_at = EXCLUDED.changed_at "
                                + "WHERE friends.changed_at < EXCLUDED.changed_at")
                .setParameter(1, user)
                .setParameter(2, friend.userId())
                .setParameter(3, friend.username())
                .setParameter(4, active)
                .setParameter(5, at)
                .executeUpdate())
                .map(changed -> changed == 1);
    }

    /**
     * The id of the user's friend with this username, locking the friendship row until the caller's transaction
     * ends so that an unfriending (which purges the queue between the two) cannot slip in before it commits.
     */
    public Uni<Optional<UUID>> lockFriend(UUID user, String friendUsername) {
        return Panache.getSession().chain(session -> session.<UUID>createNativeQuery(
                        "SELECT friend_id FROM friends WHERE user_id = ?1 AND friend_username = ?2 AND active FOR SHARE")
                .setParameter(1, user)
                .setParameter(2, friendUsername)
                .getResultList())
                .map(ids -> ids.stream().findFirst());
    }

    public Uni<Boolean> areFriends(UUID user, UUID other) {
        return pool.preparedQuery("SELECT 1 FROM friends WHERE user_id = $1 AND friend_id = $2 AND active")
                .execute(Tuple.of(user, other))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The current friends of a user. */
    public Uni<List<UUID>> friendsOf(UUID user) {
        return pool.preparedQuery("SELECT friend_id FROM friends WHERE user_id = $1 AND active")
                .execute(Tuple.of(user))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        ids.add(row.getUUID(0));
                    }
                    return ids;
                });
    }
}
