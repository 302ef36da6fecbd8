package dev.miyu.presence.friendship;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One direction of a friendship as miyu.friendships told it: {@code userId} may see {@code friendId}'s presence. */
@Entity
@Table(name = "friendships")
@IdClass(Friendship.Key.class)
public class Friendship {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Id
    @Column(name = "friend_id")
    public UUID friendId;

    @Column(name = "friend_username")
    public String friendUsername;

    @Column(name = "active")
    public boolean active;

    @Column(name = "changed_at")
    public Instant changedAt;

    public static class Key implements Serializable {

        public UUID userId;
        public UUID friendId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(userId, other.userId) && Objects.equals(friendId, other.friendId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, friendId);
        }
    }
}
