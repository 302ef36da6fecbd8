package dev.miyu.friends.friendship;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A friend request from requester to addressee and what became of it. While FRIENDS, the row is the friendship; its
 * id stays the request's id. Rows are created only by {@link RelationshipRepository#insertPendingUnlessLive}, which
 * respects the one-live-row-per-pair index.
 */
@Entity
@Table(name = "relationships")
public class Relationship {

    @Id
    private UUID id;
    private UUID requesterId;
    private UUID addresseeId;
    private UUID userLow;
    private UUID userHigh;
    @Enumerated(EnumType.STRING)
    private RelationshipStatus status;
    private Instant requestedAt;
    private Instant friendsSince;
    private Instant closedAt;

    protected Relationship() {
    }

    public UUID id() {
        return id;
    }

    public UUID requesterId() {
        return requesterId;
    }

    public UUID addresseeId() {
        return addresseeId;
    }

    public UserPair pair() {
        return new UserPair(userLow, userHigh);
    }

    public RelationshipStatus status() {
        return status;
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    public boolean involves(UUID userId) {
        return requesterId.equals(userId) || addresseeId.equals(userId);
    }

    public UUID otherThan(UUID userId) {
        return requesterId.equals(userId) ? addresseeId : requesterId;
    }

    void accept(Instant now) {
        requirePending();
        status = RelationshipStatus.FRIENDS;
        friendsSince = now;
    }

    void decline(Instant now) {
        requirePending();
        status = RelationshipStatus.DECLINED;
        closedAt = now;
    }

    void cancel(Instant now) {
        requirePending();
        status = RelationshipStatus.CANCELLED;
        closedAt = now;
    }

    void end(Instant now) {
        if (status != RelationshipStatus.FRIENDS) {
            throw new IllegalStateException("only a friendship can end, this is " + status);
        }
        status = RelationshipStatus.ENDED;
        closedAt = now;
    }

    private void requirePending() {
        if (status != RelationshipStatus.PENDING) {
            throw new FriendshipException.RequestNotPending(status);
        }
    }
}
