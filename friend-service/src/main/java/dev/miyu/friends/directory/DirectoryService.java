package dev.miyu.friends.directory;

import dev.miyu.events.AccountDeleted;
import dev.miyu.events.AccountRegistered;
import dev.miyu.events.KeyBundlePublished;
import dev.miyu.events.PresenceChanged;
import dev.miyu.friends.friendship.FriendshipService;
import dev.miyu.friends.friendship.Relation;
import dev.miyu.friends.friendship.Relationship;
import dev.miyu.friends.friendship.RelationshipRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The user directory and its key and presence projections, fed by other services' events, and search over it.
 * The {@code apply*} methods run inside the transaction in which the Inbox records the event as processed.
 */
@ApplicationScoped
public class DirectoryService {

    static final int MAX_SEARCH_RESULTS = 20;

    private final DirectoryUserRepository users;
    private final UserKeyRepository keys;
    private final UserPresenceRepository presence;
    private final RelationshipRepository relationships;
    private final FriendshipService friendships;

    public DirectoryService(DirectoryUserRepository users, UserKeyRepository keys, UserPresenceRepository presence,
                            RelationshipRepository relationships, FriendshipService friendships) {
        this.users = users;
        this.keys = keys;
        this.presence = presence;
        this.relationships = relationships;
        this.friendships = friendships;
    }

    /** Up to 20 users whose name starts with {@code prefix}, never the searcher, in name order. */
    @WithSession
    public Uni<List<SearchHit>> search(UUID me, String prefix) {
        return users.findByPrefix(prefix.toLowerCase(Locale.ROOT), me, MAX_SEARCH_RESULTS).chain(found -> found.isEmpty()
                ? Uni.createFrom().item(List.<SearchHit>of())
                : relationships.findLiveBetween(me, found.stream().map(DirectoryUser::userId).toList())
                        .map(live -> hits(me, found, live)));
    }

    /**
     * Adds a registered user. A username is only registered again after its previous holder's account was deleted,
     * so a different id still holding it here is stale (its AccountDeleted is on another partition and not yet
     * applied): that holder is forgotten first, or the unique name would block this consumer for good.
     */
    public Uni<Void> applyRegistered(AccountRegistered event) {
        String username = event.username().toLowerCase(Locale.ROOT);
        return users.findByUsername(username)
                .chain(holder -> holder == null || holder.userId().equals(event.userId())
                        ? Uni.createFrom().voidItem()
                        : forget(holder.userId()))
                .chain(() -> users.insertIfAbsent(event.userId(), username, event.registeredAt()));
    }

    public Uni<Void> applyDeleted(AccountDeleted event) {
        return forget(event.userId());
    }

    public Uni<Void> applyKeyPublished(KeyBundlePublished event) {
        return keys.upsertIfNewer(event.userId(), event.keyId(), event.fingerprint());
    }

    public Uni<Void> applyPresence(PresenceChanged event) {
        return presence.upsertIfNewer(event.userId(), event.online(), event.lastActive(), event.occurredAt());
    }

    private Uni<Void> forget(UUID userId) {
        return friendships.forgetUser(userId)
                .chain(() -> keys.delete("userId", userId))
                .chain(() -> presence.delete("userId", userId))
                .chain(() -> users.delete("userId", userId))
                .replaceWithVoid();
    }

    private static List<SearchHit> hits(UUID me, List<DirectoryUser> found, List<Relationship> live) {
        Map<UUID, Relationship> byOther = live.stream().collect(Collectors.toMap(r -> r.otherThan(me), Function.identity()));
        return found.stream()
                .map(user -> new SearchHit(user.username(), user.userId(), Relation.of(byOther.get(user.userId()), me)))
                .toList();
    }
}
