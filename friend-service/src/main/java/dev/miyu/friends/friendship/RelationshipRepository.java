package dev.miyu.friends.friendship;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RelationshipRepository implements PanacheRepositoryBase<Relationship, UUID> {

    private static final String FRIENDS_OF = """
            select new dev.miyu.friends.friendship.FriendView(
                u.username, u.userId, coalesce(p.online, false), p.lastActive, k.fingerprint, r.friendsSince)
            from Relationship r
                join DirectoryUser u on (u.userId = r.userLow or u.userId = r.userHigh) and u.userId <> :me
                left join UserPresence p on p.userId = u.userId
                left join UserKey k on k.userId = u.userId
            where r.status = :friends and (r.userLow = :me or r.userHigh = :me)
            """;

    private static final String PENDING = """
            select new dev.miyu.friends.friendship.RequestView(r.id, f.username, t.username, r.requestedAt, r.status)
            from Relationship r
                join DirectoryUser f on f.userId = r.requesterId
                join DirectoryUser t on t.userId = r.addresseeId
            where r.status = :pending and r.%s = :me
            order by r.requestedAt
            """;

    /** The pair's pending request or friendship, locked until the transaction ends (or null). */
    public Uni<Relationship> findLiveForUpdate(UserPair pair) {
        return find("userLow = ?1 and userHigh = ?2 and status in ?3", pair.low(), pair.high(), RelationshipStatus.LIVE)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public Uni<Relationship> findByIdForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Inserts a pending request unless the pair already has a pending request or a friendship. False means a
     * concurrent transaction took the pair first (this insert waited for it on the unique index); the caller re-reads.
     */
    public Uni<Boolean> insertPendingUnlessLive(UUID id, UUID requesterId, UUID addresseeId, Instant requestedAt) {
        UserPair pair = UserPair.of(requesterId, addresseeId);
        return getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO relationships (id, requester_id, addressee_id, user_low, user_high, status, requested_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, 'PENDING', ?6)
                        ON CONFLICT (user_low, user_high) WHERE status IN ('PENDING', 'FRIENDS') DO NOTHING""")
                        .setParameter(1, id)
                        .setParameter(2, requesterId)
                        .setParameter(3, addresseeId)
                        .setParameter(4, pair.low())
                        .setParameter(5, pair.high())
                        .setParameter(6, requestedAt)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Pending requests and friendships between {@code viewer} and any of {@code others}. */
    public Uni<List<Relationship>> findLiveBetween(UUID viewer, Collection<UUID> others) {
        return list("status in ?1 and ((requesterId = ?2 and addresseeId in ?3) or (addresseeId = ?2 and requesterId in ?3))",
                RelationshipStatus.LIVE, viewer, others);
    }

    public Uni<List<Relationship>> findLiveInvolving(UUID userId) {
        return list("status in ?1 and (requesterId = ?2 or addresseeId = ?2)", RelationshipStatus.LIVE, userId);
    }

    public Uni<Long> deleteInvolving(UUID userId) {
        return delete("requesterId = ?1 or addresseeId = ?1", userId);
    }

    public Uni<List<FriendView>> findFriendsOf(UUID userId) {
        return getSession().chain(session -> session.createSelectionQuery(FRIENDS_OF + "order by u.username", FriendView.class)
                .setParameter("me", userId)
                .setParameter("friends", RelationshipStatus.FRIENDS)
                .getResultList());
    }

    public Uni<FriendView> findFriend(UUID userId, UUID friendId) {
        return getSession().chain(session -> session.createSelectionQuery(FRIENDS_OF + "and u.userId = :friend", FriendView.class)
                .setParameter("me", userId)
                .setParameter("friends", RelationshipStatus.FRIENDS)
                .setParameter("friend", friendId)
                .getSingleResultOrNull());
    }

    public Uni<List<RequestView>> findPendingTo(UUID userId) {
        return pending("addresseeId", userId);
    }

    public Uni<List<RequestView>> findPendingFrom(UUID userId) {
        return pending("requesterId", userId);
    }

    private Uni<List<RequestView>> pending(String party, UUID userId) {
        return getSession().chain(session -> session.createSelectionQuery(PENDING.formatted(party), RequestView.class)
                .setParameter("me", userId)
                .setParameter("pending", RelationshipStatus.PENDING)
                .getResultList());
    }
}
