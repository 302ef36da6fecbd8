package dev.miyu.relay.socket;

import dev.miyu.relay.config.RelayConfig;
import dev.miyu.relay.metrics.RelayMetrics;
import dev.miyu.relay.events.ConnectionSignals;
import dev.miyu.relay.queue.EnvelopeIdReusedException;
import dev.miyu.relay.queue.NotFriendsException;
import dev.miyu.relay.queue.QueueFullException;
import dev.miyu.relay.queue.QueueService;
import dev.miyu.relay.ticket.TicketHolder;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.Base64;

import static dev.miyu.relay.socket.ServerFrame.Rejected.BAD_FRAME;
import static dev.miyu.relay.socket.ServerFrame.Rejected.NOT_FRIENDS;
import static dev.miyu.relay.socket.ServerFrame.Rejected.QUEUE_FULL;
import static dev.miyu.relay.socket.ServerFrame.Rejected.RATE_LIMITED;
import static dev.miyu.relay.socket.ServerFrame.Rejected.TOO_LARGE;
import static dev.miyu.relay.socket.ServerFrame.Rejected.UNAVAILABLE;

/**
 * {@code /ws}: the messenger's live channel (docs/protocol.md). Opened with a ticket ({@link TicketCheck}); frames of one
 * connection are handled one after another, so a client's sends are accepted in the order it sent them.
 */
@WebSocket(path = "/ws")
public class RelaySocket {

    private static final Logger LOG = Logger.getLogger(RelaySocket.class);

    private final Sessions sessions;
    private final FrameCodec frames;
    private final QueueService queue;
    private final ConnectionSignals signals;
    private final RelayConfig config;
    private final RelayMetrics metrics;

    public RelaySocket(Sessions sessions, FrameCodec frames, QueueService queue, ConnectionSignals signals, RelayConfig config,
                       RelayMetrics metrics) {
        this.sessions = sessions;
        this.frames = frames;
        this.queue = queue;
        this.signals = signals;
        this.config = config;
        this.metrics = metrics;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        TicketHolder holder = connection.userData().get(TicketCheck.HOLDER);
        Session session = sessions.open(connection, holder);
        signals.opened(holder.userId(), holder.generation());
        session.pump();
    }

    @OnTextMessage
    public Uni<Void> onMessage(WebSocketConnection connection, String text) {
        return sessions.of(connection).map(session -> handle(session, text)).orElseGet(() -> Uni.createFrom().voidItem());
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        sessions.closed(connection);
    }

    private Uni<Void> handle(Session session, String text) {
        try {
            ClientFrame frame = frames.read(text);
            if (frame instanceof ClientFrame.Send send) {
                return send(session, send);
            }
            if (frame instanceof ClientFrame.Ack ack) {
                return queue.acknowledge(session.userId(), ack.id());
            }
            return session.send(new ServerFrame.Pong());
        } catch (FrameRejectedException rejected) {
            return reject(session, rejected.toFrame());
        }
    }

    private Uni<Void> send(Session session, ClientFrame.Send frame) {
        String id = frame.id().toString();
        if (!session.tryTakeSend()) {
            throw new FrameRejectedException(id, RATE_LIMITED,
                    "at most " + config.limits().messagesPerSecond() + " messages per second");
        }
        byte[] body = decode(id, frame.body());
        return queue.accept(session.userId(), session.username(), frame.id(), frame.to(), body)
                .chain(accepted -> session.send(new ServerFrame.Accepted(frame.id(), accepted.seq()))
                        .invoke(() -> {
                            if (accepted.fresh()) {
                                metrics.accepted();
                                // The recipient's socket may be here: push now rather than when EnvelopeQueued comes back.
                                sessions.envelopeQueued(accepted.recipientId(), accepted.seq());
                            }
                        }))
                .onFailure().recoverWithUni(failure -> reject(session, rejection(id, failure)));
    }

    private Uni<Void> reject(Session session, ServerFrame.Rejected rejected) {
        metrics.rejected(rejected.code());
        return session.send(rejected);
    }

    private byte[] decode(String id, String body) {
        int maxBytes = config.limits().maxBodyBytes();
        // base64 needs 4 characters per 3 bytes: a longer text cannot decode to an acceptable body.
        if (body.length() > 4L * ((maxBytes + 2) / 3)) {
            throw new FrameRejectedException(id, TOO_LARGE, "body may be at most " + maxBytes + " bytes");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new FrameRejectedException(id, BAD_FRAME, "body: must be base64");
        }
        if (decoded.length > maxBytes) {
            throw new FrameRejectedException(id, TOO_LARGE, "body may be at most " + maxBytes + " bytes");
        }
        return decoded;
    }

    private static ServerFrame.Rejected rejection(String id, Throwable failure) {
        if (failure instanceof NotFriendsException) {
            return new ServerFrame.Rejected(id, NOT_FRIENDS, failure.getMessage());
        }
        if (failure instanceof QueueFullException) {
            return new ServerFrame.Rejected(id, QUEUE_FULL, failure.getMessage());
        }
        if (failure instanceof EnvelopeIdReusedException) {
            return new ServerFrame.Rejected(id, BAD_FRAME, failure.getMessage());
        }
        LOG.warnf("a send could not be stored: %s", failure.toString());
        return new ServerFrame.Rejected(id, UNAVAILABLE, "not stored; send it again");
    }
}
