package dev.miyu.friends.directory;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DirectoryUserRepository implements PanacheRepositoryBase<DirectoryUser, UUID> {

    public Uni<DirectoryUser> findByUsername(String username) {
        return find("username", username).firstResult();
    }

    public Uni<List<DirectoryUser>> findByIds(Collection<UUID> userIds) {
        return list("userId in ?1", userIds);
    }

    /** Users whose name starts with {@code prefix}, in name order, leaving out {@code excluded}. */
    public Uni<List<DirectoryUser>> findByPrefix(String prefix, UUID excluded, int limit) {
        return find("username like ?1 escape '!' and userId <> ?2 order by username", likePrefix(prefix), excluded)
                .range(0, limit - 1)
                .list();
    }

    /** Adds the user unless already known: a registration is immutable, so a repeated one changes nothing. */
    public Uni<Void> insertIfAbsent(UUID userId, String username, Instant registeredAt) {
        return getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO directory_users (user_id, username, registered_at) VALUES (?1, ?2, ?3)
                        ON CONFLICT (user_id) DO NOTHING""")
                        .setParameter(1, userId)
                        .setParameter(2, username)
                        .setParameter(3, registeredAt)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
