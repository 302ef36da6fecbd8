package dev.miyu.presence.online;

import dev.miyu.eventing.Outbox;
import dev.miyu.events.PresenceChanged;
import dev.miyu.presence.config.PresenceConfig;
import dev.miyu.presence.friendship.FriendshipRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Online state: heartbeats bring users online, logouts and silence take them offline, and each transition puts
 * exactly one {@link PresenceChanged} into the outbox in the transaction that made it.
 * <p>
 * Transactions are opened here with {@link Panache#withTransaction} rather than {@code @WithTransaction} so that the
 * audit line is written after the commit, with the outcome the database actually settled on.
 */
@ApplicationScoped
public class PresenceService {

    private static final Logger AUDIT = Logger.getLogger("audit");
    /** Keeps each sweep transaction short; a sweep continues with further batches while batches come back full. */
    static final int SWEEP_BATCH = 500;

    private final PresenceRepository presences;
    private final FriendshipRepository friendships;
    private final Outbox outbox;
    private final PresenceMetrics metrics;
    private final PresenceConfig config;

    PresenceService(PresenceRepository presences, FriendshipRepository friendships, Outbox outbox,
                    PresenceMetrics metrics, PresenceConfig config) {
        this.presences = presences;
        this.friendships = friendships;
        this.outbox = outbox;
        this.metrics = metrics;
        this.config = config;
    }

    /** Records a heartbeat; a user who was offline (or never seen) comes online. */
    public Uni<Void> heartbeat(Heartbeat heartbeat) {
        Instant now = now();
        String instance = config.instanceId();
        return Panache.withTransaction(() -> presences.insertIfAbsent(heartbeat, instance, now)
                        .chain(inserted -> inserted
                                ? Uni.createFrom().item(true)
                                : presences.lock(heartbeat.userId()).map(row -> row.beat(heartbeat, instance, now)))
                        .call(cameOnline -> cameOnline
                                ? outbox.add(PresenceChanged.of(heartbeat.userId(), heartbeat.username(), true, now))
                                : Uni.createFrom().voidItem()))
                .invoke(cameOnline -> {
                    metrics.heartbeat();
                    if (cameOnline) {
                        AUDIT.infof("action=presence.online user=%s ip=%s instance=%s outcome=success",
                                heartbeat.userId(), heartbeat.clientIp(), instance);
                    }
                })
                .onFailure().invoke(e -> AUDIT.warnf("action=presence.heartbeat user=%s outcome=failure error=%s",
                        heartbeat.userId(), e.getClass().getSimpleName()))
                .replaceWithVoid();
    }

    /** Takes the user offline at once (logout); nothing happens for a user who is not online. */
    public Uni<Void> leave(UUID userId) {
        Instant now = now();
        return Panache.withTransaction(() -> presences.lock(userId)
                        .chain(row -> row != null && row.leave(now)
                                ? outbox.add(PresenceChanged.of(row.userId, row.username, false, now)).replaceWith(true)
                                : Uni.createFrom().item(false)))
                .invoke(wentOffline -> {
                    if (wentOffline) {
                        AUDIT.infof("action=presence.offline reason=logout user=%s outcome=success", userId);
                    }
                })
                .onFailure().invoke(e -> AUDIT.warnf("action=presence.offline reason=logout user=%s outcome=failure error=%s",
                        userId, e.getClass().getSimpleName()))
                .replaceWithVoid();
    }

    /**
     * Takes offline everyone whose last heartbeat is older than the timeout, one event each (lastActive = that last
     * heartbeat), then refreshes the online-users gauge. Any number of instances may sweep at the same time.
     */
    public Uni<Void> sweep() {
        Instant cutoff = now().minus(config.timeout());
        return Panache.withTransaction(() -> presences.expire(cutoff, SWEEP_BATCH)
                        .call(expired -> Multi.createFrom().iterable(expired)
                                .onItem().transformToUniAndConcatenate(row ->
                                        outbox.add(PresenceChanged.of(row.userId, row.username, false, row.lastActive)))
                                .collect().last()))
                .invoke(expired -> expired.forEach(row -> AUDIT.infof(
                        "action=presence.offline reason=timeout user=%s instance=%s outcome=success", row.userId, config.instanceId())))
                .chain(expired -> expired.size() == SWEEP_BATCH
                        ? sweep()
                        : Panache.withSession(presences::countOnline).invoke(metrics::online).replaceWithVoid());
    }

    /**
     * The presence of each named user as the caller may see it: friends and the caller themselves are online or
     * offline; anyone else, including names nobody has, is unknown. Answers in the order asked.
     */
    @WithSession
    public Uni<List<UserPresence>> lookup(UUID callerId, String callerName, List<String> usernames) {
        return friendships.friendsNamed(callerId, usernames).chain(friends -> {
            Map<String, UUID> visible = new HashMap<>();
            friends.forEach(friend -> visible.put(friend.friendUsername, friend.friendId));
            if (usernames.contains(callerName)) {
                visible.put(callerName, callerId);
            }
            Uni<Map<UUID, Presence>> found = visible.isEmpty()
                    ? Uni.createFrom().item(Map.of())
                    : presences.findByUserIds(visible.values())
                            .map(rows -> rows.stream().collect(Collectors.toMap(row -> row.userId, Function.identity())));
            return found.map(byId -> usernames.stream()
                    .map(name -> visible.containsKey(name)
                            ? UserPresence.of(name, byId.get(visible.get(name)))
                            : UserPresence.unknown(name))
                    .toList());
        });
    }

    /** PostgreSQL keeps microseconds; truncating here makes the event carry exactly the stored time. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
