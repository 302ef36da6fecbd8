package dev.miyu.friends.friendship;

import dev.miyu.friends.audit.AuditLog;
import dev.miyu.eventing.Outbox;
import dev.miyu.events.FriendRequestDeclined;
import dev.miyu.events.FriendRequested;
import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.FriendshipRemoved;
import dev.miyu.events.MiyuEvent;
import dev.miyu.events.UserRef;
import dev.miyu.friends.directory.DirectoryUser;
import dev.miyu.friends.directory.DirectoryUserRepository;
import dev.miyu.friends.friendship.FriendshipException.AlreadyFriends;
import dev.miyu.friends.friendship.FriendshipException.CallerNotInDirectory;
import dev.miyu.friends.friendship.FriendshipException.ConcurrentChange;
import dev.miyu.friends.friendship.FriendshipException.DuplicateRequest;
import dev.miyu.friends.friendship.FriendshipException.NotFriends;
import dev.miyu.friends.friendship.FriendshipException.RequestNotFound;
import dev.miyu.friends.friendship.FriendshipException.SelfRequest;
import dev.miyu.friends.friendship.FriendshipException.UnknownUser;
import dev.miyu.friends.friendship.FriendshipException.WrongParty;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Friend requests and friendships. Each change commits together with its event (Outbox). The database holds the
 * invariant that a pair has at most one pending request or friendship; this class only resolves the races it decides.
 * Writes run in explicit transactions so that metrics and the audit log see only what committed.
 */
@ApplicationScoped
public class FriendshipService {

    /** Each lost race means the pair changed meanwhile; the re-read then finds a settled state, so few tries suffice. */
    private static final int REQUEST_ATTEMPTS = 3;

    private final RelationshipRepository relationships;
    private final DirectoryUserRepository users;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Counter requestsSent;
    private final Counter acceptedByRecipient;
    private final Counter acceptedByMutualRequest;
    private final Counter declined;
    private final Counter cancelled;
    private final Counter removed;

    public FriendshipService(RelationshipRepository relationships, DirectoryUserRepository users, Outbox outbox,
                             AuditLog audit, MeterRegistry registry) {
        this.relationships = relationships;
        this.users = users;
        this.outbox = outbox;
        this.audit = audit;
        this.requestsSent = Counter.builder("miyu.friends.requests").description("Friend requests sent").register(registry);
        this.acceptedByRecipient = accepts(registry, "accept");
        this.acceptedByMutualRequest = accepts(registry, "mutual-request");
        this.declined = answers(registry, FriendRequestDeclined.DECLINED);
        this.cancelled = answers(registry, FriendRequestDeclined.CANCELLED);
        this.removed = Counter.builder("miyu.friends.removals").description("Friendships removed by a friend").register(registry);
    }

    /**
     * Sends {@code me}'s request to user {@code to}, or, if that user already asked {@code me}, accepts theirs. When
     * both ask at the same moment one insert wins the pair's unique index; the other transaction finds no row to
     * insert, rolls back and re-reads, and then sees (and accepts) the winner's request.
     */
    public Uni<RequestOutcome> request(UUID me, String to) {
        String toUsername = to.toLowerCase(Locale.ROOT);
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> requestOnce(me, toUsername)))
                .onFailure(PairTaken.class).retry().atMost(REQUEST_ATTEMPTS - 1)
                .onFailure(PairTaken.class).transform(lost -> new ConcurrentChange())
                .invoke(outcome -> (outcome instanceof RequestOutcome.Befriended ? acceptedByMutualRequest : requestsSent).increment())
                .onItemOrFailure().invoke((outcome, failure) -> audit.record(
                        outcome instanceof RequestOutcome.Befriended ? "friend.request.mutual" : "friend.request",
                        me, toUsername, failure));
    }

    public Uni<FriendView> accept(UUID me, UUID requestId) {
        return Panache.withTransaction(() -> requestFor(me, requestId, Relationship::addresseeId,
                        "only the recipient can accept a friend request")
                        .chain(request -> befriend(request, me)))
                .invoke(() -> acceptedByRecipient.increment())
                .onItemOrFailure().invoke((friend, failure) -> audit.record("friend.request.accept", me, requestId, failure));
    }

    public Uni<RequestView> decline(UUID me, UUID requestId) {
        return Panache.withTransaction(() -> requestFor(me, requestId, Relationship::addresseeId,
                        "only the recipient can decline a friend request")
                        .chain(request -> {
                            request.decline(now());
                            return close(request, FriendRequestDeclined.DECLINED);
                        }))
                .invoke(() -> declined.increment())
                .onItemOrFailure().invoke((request, failure) -> audit.record("friend.request.decline", me, requestId, failure));
    }

    public Uni<RequestView> cancel(UUID me, UUID requestId) {
        return Panache.withTransaction(() -> requestFor(me, requestId, Relationship::requesterId,
                        "only the sender can cancel a friend request")
                        .chain(request -> {
                            request.cancel(now());
                            return close(request, FriendRequestDeclined.CANCELLED);
                        }))
                .invoke(() -> cancelled.increment())
                .onItemOrFailure().invoke((request, failure) -> audit.record("friend.request.cancel", me, requestId, failure));
    }

    /** Ends the friendship between {@code me} and {@code friend} for both of them. */
    public Uni<Void> remove(UUID me, String friend) {
        String friendUsername = friend.toLowerCase(Locale.ROOT);
        return Panache.withTransaction(() -> users.findByUsername(friendUsername)
                        .onItem().ifNull().failWith(() -> new NotFriends(friendUsername))
                        .chain(other -> other.userId().equals(me)
                                ? Uni.createFrom().failure(new NotFriends(friendUsername))
                                : relationships.findLiveForUpdate(UserPair.of(me, other.userId())))
                        .chain(live -> {
                            if (live == null || live.status() != RelationshipStatus.FRIENDS) {
                                throw new NotFriends(friendUsername);
                            }
                            live.end(now());
                            return refs(List.of(live.pair().low(), live.pair().high()))
                                    .chain(refs -> outbox.add(FriendshipRemoved.of(refs.get(live.pair().low()), refs.get(live.pair().high()))));
                        }))
                .invoke(() -> removed.increment())
                .onItemOrFailure().invoke((nothing, failure) -> audit.record("friendship.remove", me, friendUsername, failure));
    }

    @WithSession
    public Uni<List<FriendView>> friendsOf(UUID me) {
        return relationships.findFriendsOf(me);
    }

    @WithSession
    public Uni<PendingRequests> pendingFor(UUID me) {
        return relationships.findPendingTo(me)
                .chain(incoming -> relationships.findPendingFrom(me).map(outgoing -> new PendingRequests(incoming, outgoing)));
    }

    /**
     * Withdraws a deleted account's pending requests and ends its friendships, announcing each, then forgets its rows.
     * Runs inside the transaction of the event being consumed.
     */
    public Uni<Void> forgetUser(UUID userId) {
        return relationships.findLiveInvolving(userId)
                .chain(live -> refs(live.stream().flatMap(r -> Stream.of(r.requesterId(), r.addresseeId())).collect(Collectors.toSet()))
                        .chain(refs -> addAll(live.stream().map(r -> endedByDeletion(r, refs)).toList()))
                        .invoke(() -> audit.record("account.forget", userId, live.size() + " live relationships", null)))
                .chain(() -> relationships.deleteInvolving(userId))
                .replaceWithVoid();
    }

    private Uni<RequestOutcome> requestOnce(UUID me, String toUsername) {
        return users.findByUsername(toUsername)
                .onItem().ifNull().failWith(() -> new UnknownUser(toUsername))
                .chain(target -> {
                    if (target.userId().equals(me)) {
                        throw new SelfRequest();
                    }
                    return users.findById(me)
                            .onItem().ifNull().failWith(CallerNotInDirectory::new)
                            .chain(caller -> relationships.findLiveForUpdate(UserPair.of(me, target.userId()))
                                    .chain(live -> answer(caller, target, live)));
                });
    }

    private Uni<RequestOutcome> answer(DirectoryUser caller, DirectoryUser target, Relationship live) {
        if (live == null) {
            return send(caller, target);
        }
        if (live.status() == RelationshipStatus.FRIENDS) {
            throw new AlreadyFriends(target.username());
        }
        if (live.requesterId().equals(caller.userId())) {
            throw new DuplicateRequest(target.username());
        }
        return befriend(live, caller.userId()).map(RequestOutcome.Befriended::new);
    }

    private Uni<RequestOutcome> send(DirectoryUser caller, DirectoryUser target) {
        UUID id = UUID.randomUUID();
        Instant now = now();
        return relationships.insertPendingUnlessLive(id, caller.userId(), target.userId(), now)
                .chain(inserted -> {
                    if (!inserted) {
                        throw new PairTaken();
                    }
                    return outbox.add(FriendRequested.of(id, ref(caller), ref(target)));
                })
                .replaceWith(() -> new RequestOutcome.Requested(
                        new RequestView(id, caller.username(), target.username(), now, RelationshipStatus.PENDING)));
    }

    /** The request, locked, if {@code me} may act on it as the party {@code role} names. */
    private Uni<Relationship> requestFor(UUID me, UUID requestId, Function<Relationship, UUID> role, String wrongParty) {
        return relationships.findByIdForUpdate(requestId).map(request -> {
            if (request == null || !request.involves(me)) {
                throw new RequestNotFound();
            }
            if (!role.apply(request).equals(me)) {
                throw new WrongParty(wrongParty);
            }
            return request;
        });
    }

    private Uni<FriendView> befriend(Relationship request, UUID me) {
        request.accept(now());
        UserPair pair = request.pair();
        return refs(List.of(pair.low(), pair.high()))
                .chain(refs -> outbox.add(FriendshipCreated.of(refs.get(pair.low()), refs.get(pair.high()))))
                .chain(relationships::flush)
                .chain(() -> relationships.findFriend(me, request.otherThan(me)));
    }

    private Uni<RequestView> close(Relationship request, String reason) {
        return refs(List.of(request.requesterId(), request.addresseeId())).chain(refs -> {
            UserRef from = refs.get(request.requesterId());
            UserRef to = refs.get(request.addresseeId());
            return outbox.add(FriendRequestDeclined.of(request.id(), from, to, reason))
                    .replaceWith(new RequestView(request.id(), from.username(), to.username(), request.requestedAt(), request.status()));
        });
    }

    private static MiyuEvent endedByDeletion(Relationship live, Map<UUID, UserRef> refs) {
        return live.status() == RelationshipStatus.FRIENDS
                ? FriendshipRemoved.of(refs.get(live.pair().low()), refs.get(live.pair().high()))
                : FriendRequestDeclined.of(live.id(), refs.get(live.requesterId()), refs.get(live.addresseeId()),
                        FriendRequestDeclined.CANCELLED);
    }

    /** Adds events one after another: a reactive session runs one statement at a time. */
    private Uni<Void> addAll(List<MiyuEvent> events) {
        Uni<Void> added = Uni.createFrom().voidItem();
        for (MiyuEvent event : events) {
            added = added.chain(() -> outbox.add(event));
        }
        return added;
    }

    private Uni<Map<UUID, UserRef>> refs(Collection<UUID> userIds) {
        return users.findByIds(userIds)
                .map(found -> found.stream().collect(Collectors.toMap(DirectoryUser::userId, FriendshipService::ref)));
    }

    private static UserRef ref(DirectoryUser user) {
        return new UserRef(user.userId(), user.username());
    }

    /** Truncated to what the database stores, so an answer shows the same instant a later read returns. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static Counter accepts(MeterRegistry registry, String via) {
        return Counter.builder("miyu.friends.accepts").description("Friendships made").tag("via", via).register(registry);
    }

    private static Counter answers(MeterRegistry registry, String reason) {
        return Counter.builder("miyu.friends.declines").description("Requests declined or cancelled").tag("reason", reason)
                .register(registry);
    }

    /** The pair got a pending request or friendship from a concurrent transaction after we looked; re-read and decide again. */
    private static final class PairTaken extends RuntimeException {
        PairTaken() {
            super(null, null, false, false);
        }
    }
}
