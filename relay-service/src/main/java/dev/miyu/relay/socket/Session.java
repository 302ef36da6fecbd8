package dev.miyu.relay.socket;

import dev.miyu.relay.queue.Envelope;
import dev.miyu.relay.queue.QueueService;
import dev.miyu.relay.ratelimit.TokenBucket;
import dev.miyu.relay.ticket.TicketHolder;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One user's socket on this instance: who it belongs to, its send allowance, and the pump that delivers the user's
 * queue.
 * <p>
 * Delivery has exactly one path: the pump reads the queue from the database after the highest sequence number it
 * has pushed on this connection and sends what it finds in order. A new connection starts at zero, so it drains
 * every unacknowledged envelope first; a live "new envelope" signal only asks the pump to read again, so it cannot
 * overtake the drain or reorder anything. Signals that arrive while the pump runs fold into one more round.
 */
final class Session {

    private static final Logger LOG = Logger.getLogger(Session.class);
    private static final int BATCH = 100;
    private static final CloseReason TRY_AGAIN = new CloseReason(1011, "delivery failed; reconnect");

    private final TicketHolder holder;
    private final WebSocketConnection connection;
    private final TokenBucket sends;
    private final QueueService queue;
    private final FrameCodec frames;
    private final AtomicInteger pumpRequests = new AtomicInteger();
    private volatile long deliveredUpTo;

    Session(TicketHolder holder, WebSocketConnection connection, int sendsPerSecond, QueueService queue, FrameCodec frames) {
        this.holder = holder;
        this.connection = connection;
        this.sends = new TokenBucket(sendsPerSecond, Duration.ofSeconds(1));
        this.queue = queue;
        this.frames = frames;
    }

    UUID userId() {
        return holder.userId();
    }

    String username() {
        return holder.username();
    }

    long generation() {
        return holder.generation();
    }

    /** When the ticket that opened this socket was redeemed. */
    Instant openedAt() {
        return holder.redeemedAt();
    }

    boolean tryTakeSend() {
        return sends.tryTake();
    }

    Uni<Void> send(ServerFrame frame) {
        return connection.sendText(frames.write(frame));
    }

    /** Sends without waiting; a frame for a socket that just closed is dropped. */
    void push(ServerFrame frame) {
        send(frame).subscribe().with(sent -> { }, failure -> LOG.debugf("push to a closing socket dropped: %s", failure.toString()));
    }

    void close(CloseReason reason) {
        connection.close(reason).subscribe().with(closed -> { }, failure -> LOG.debugf("closing failed: %s", failure.toString()));
    }

    /** Asks the pump to push whatever is queued beyond what this connection has seen. */
    void pump() {
        if (pumpRequests.getAndIncrement() == 0) {
            drain();
        }
    }

    /** Pumps only when the signalled envelope is newer than what this connection has already been sent. */
    void pumpIfBehind(long seq) {
        if (seq > deliveredUpTo) {
            pump();
        }
    }

    private void drain() {
        if (connection.isClosed()) {
            return;
        }
        int requests = pumpRequests.get();
        queue.pending(userId(), deliveredUpTo, BATCH)
                .call(this::deliverInOrder)
                .subscribe().with(
                        batch -> {
                            if (batch.size() == BATCH || pumpRequests.addAndGet(-requests) != 0) {
                                drain();
                            }
                        },
                        this::pumpFailed);
    }

    private Uni<Void> deliverInOrder(List<Envelope> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(this::deliver)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> deliver(Envelope envelope) {
        var frame = new ServerFrame.Deliver(envelope.id(), envelope.from(), envelope.seq(), envelope.sentAt(),
                Base64.getEncoder().encodeToString(envelope.body()));
        return send(frame).invoke(() -> deliveredUpTo = envelope.seq());
    }

    /** The client reconnects after this close and its next connection drains again: nothing is lost. */
    private void pumpFailed(Throwable failure) {
        if (connection.isClosed()) {
            return;
        }
        LOG.warnf("delivery to %s failed, closing its socket: %s", userId(), failure.toString());
        close(TRY_AGAIN);
    }
}
