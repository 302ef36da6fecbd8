package dev.miyu.relay.socket;

import dev.miyu.relay.audit.AuditLog;
import dev.miyu.relay.config.RelayConfig;
import dev.miyu.relay.friends.FriendRepository;
import dev.miyu.relay.queue.QueueService;
import dev.miyu.relay.ticket.TicketHolder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sockets open on this instance, at most one per user, and the pushes to them. Across instances the
 * connection generation decides: a larger one replaces a smaller one wherever it lives.
 */
@ApplicationScoped
public class Sessions {

    static final CloseReason REPLACED = new CloseReason(4001, "replaced by a newer connection");
    static final CloseReason SIGNED_OUT = new CloseReason(4002, "signed out");

    private static final UserData.TypedKey<Session> SESSION = new UserData.TypedKey<>("miyu.session");

    private final ConcurrentMap<UUID, Session> byUser = new ConcurrentHashMap<>();
    private final QueueService queue;
    private final FriendRepository friends;
    private final FrameCodec frames;
    private final RelayConfig config;
    private final AuditLog audit;

    public Sessions(QueueService queue, FriendRepository friends, FrameCodec frames, RelayConfig config, AuditLog audit,
                    MeterRegistry registry) {
        this.queue = queue;
        this.friends = friends;
        this.frames = frames;
        this.config = config;
        this.audit = audit;
        registry.gaugeMapSize("miyu_relay_connected_sockets", List.of(), byUser);
    }

    /** Registers a new socket; whichever of it and the user's current socket is older is closed. */
    Session open(WebSocketConnection connection, TicketHolder holder) {
        Session fresh = new Session(holder, connection, config.limits().messagesPerSecond(), queue, frames);
        connection.userData().put(SESSION, fresh);
        AtomicReference<Session> older = new AtomicReference<>();
        byUser.compute(holder.userId(), (user, current) -> {
            if (current != null && current.generation() > fresh.generation()) {
                older.set(fresh);
                return current;
            }
            older.set(current);
            return fresh;
        });
        audit.record("connection.opened", "success", holder.userId(), holder.generation());
        if (older.get() != null) {
            replace(older.get());
        }
        return fresh;
    }

    Optional<Session> of(WebSocketConnection connection) {
        return Optional.ofNullable(connection.userData().get(SESSION));
    }

    void closed(WebSocketConnection connection) {
        of(connection).ifPresent(session -> byUser.remove(session.userId(), session));
    }

    /** Another instance opened a socket for the user: an older one here gives way. */
    public void replaceOlderThan(UUID userId, long generation) {
        Session current = byUser.get(userId);
        if (current != null && current.generation() < generation && byUser.remove(userId, current)) {
            replace(current);
        }
    }

    /** The user went offline (signed out): their socket opened before that moment closes. */
    public void signOut(UUID userId, Instant at) {
        Session current = byUser.get(userId);
        if (current != null && !current.openedAt().isAfter(at) && byUser.remove(userId, current)) {
            audit.record("connection.closed", "signed-out", userId, current.generation());
            current.close(SIGNED_OUT);
        }
    }

    /** A new envelope with {@code seq} waits for the user: pump it if their socket is here. */
    public void envelopeQueued(UUID recipientId, long seq) {
        Session session = byUser.get(recipientId);
        if (session != null) {
            session.pumpIfBehind(seq);
        }
    }

    public void push(UUID userId, ServerFrame frame) {
        Session session = byUser.get(userId);
        if (session != null) {
            session.push(frame);
        }
    }

    /** Pushes to the user's friends whose socket is on this instance. */
    public Uni<Void> pushToFriendsOf(UUID userId, ServerFrame frame) {
        if (byUser.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return friends.friendsOf(userId).invoke(ids -> ids.forEach(friend -> push(friend, frame))).replaceWithVoid();
    }

    private void replace(Session older) {
        audit.record("connection.closed", "replaced", older.userId(), older.generation());
        older.close(REPLACED);
    }
}
