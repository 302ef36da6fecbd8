package dev.miyu.relay.queue;

import dev.miyu.eventing.Outbox;
import dev.miyu.events.EnvelopeQueued;
import dev.miyu.relay.audit.AuditLog;
import dev.miyu.relay.config.RelayConfig;
import dev.miyu.relay.metrics.RelayMetrics;
import dev.miyu.relay.friends.FriendRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * The offline queue's rules (DESIGN §4): an envelope is queued only between friends, under the recipient's next
 * sequence number, once per (sender, id); it leaves the queue only when its recipient acknowledges it.
 */
@ApplicationScoped
public class QueueService {

    private final EnvelopeRepository envelopes;
    private final FriendRepository friends;
    private final Outbox outbox;
    private final RelayConfig config;
    private final AuditLog audit;
    private final RelayMetrics metrics;

    public QueueService(EnvelopeRepository envelopes, FriendRepository friends, Outbox outbox, RelayConfig config, AuditLog audit,
                        RelayMetrics metrics) {
        this.envelopes = envelopes;
        this.friends = friends;
        this.outbox = outbox;
        this.config = config;
        this.audit = audit;
        this.metrics = metrics;
    }

    /**
     * Stores the envelope durably and, in the same transaction, records the {@link EnvelopeQueued} event that lets
     * whichever instance holds the recipient's socket push it. A repeated id is answered with its first sequence
     * number and queues nothing.
     *
     * @throws NotFriendsException         (as the failure) when {@code to} is not the sender's friend
     * @throws QueueFullException          when the recipient's queue is at its limit
     * @throws EnvelopeIdReusedException   when the id was used for someone else
     */
    @WithTransaction
    public Uni<Accepted> accept(UUID senderId, String senderName, UUID envelopeId, String to, byte[] body) {
        return friends.lockFriend(senderId, to)
                .chain(recipient -> recipient
                        .map(recipientId -> acceptFor(senderId, senderName, envelopeId, recipientId, body))
                        .orElseGet(() -> Uni.createFrom().failure(new NotFriendsException())))
                .invoke(accepted -> {
                    if (accepted.fresh()) {
                        audit.record("envelope.accepted", "success", senderId, envelopeId);
                    }
                })
                .onFailure(NotFriendsException.class).invoke(() -> audit.record("envelope.accepted", "not-friends", senderId, envelopeId))
                .onFailure(QueueFullException.class).invoke(() -> audit.record("envelope.accepted", "queue-full", senderId, envelopeId));
    }

    private Uni<Accepted> acceptFor(UUID senderId, String senderName, UUID envelopeId, UUID recipientId, byte[] body) {
        return envelopes.findSent(senderId, envelopeId).chain(earlier -> {
            if (earlier.isPresent()) {
                return earlier.get().recipientId().equals(recipientId)
                        ? Uni.createFrom().item(new Accepted(recipientId, earlier.get().seq(), false))
                        : Uni.createFrom().failure(new EnvelopeIdReusedException());
            }
            return envelopes.advance(recipientId).chain(head -> head.queued() > config.limits().queueLength()
                    ? Uni.createFrom().failure(new QueueFullException())
                    : envelopes.enqueue(recipientId, head.seq(), envelopeId, senderId, senderName, body)
                            .call(() -> outbox.add(EnvelopeQueued.of(recipientId, envelopeId, head.seq())))
                            .replaceWith(new Accepted(recipientId, head.seq(), true)));
        });
    }

    /** The recipient's envelopes after {@code afterSeq}, oldest first. */
    public Uni<List<Envelope>> pending(UUID recipientId, long afterSeq, int limit) {
        return envelopes.after(recipientId, afterSeq, limit);
    }

    /** The recipient has the envelope: it leaves the queue. Ids not addressed to the recipient change nothing. */
    public Uni<Void> acknowledge(UUID recipientId, UUID envelopeId) {
        return envelopes.delete(recipientId, envelopeId)
                .invoke(deleted -> {
                    if (deleted > 0) {
                        metrics.delivered();
                        audit.record("envelope.acknowledged", "success", recipientId, envelopeId);
                    }
                })
                .replaceWithVoid();
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetOldSentIds() {
        return envelopes.forgetSentBefore(config.sentIdRetention())
                .invoke(count -> {
                    if (count > 0) {
                        audit.recordCount("sent-ids.forgotten", null, null, count);
                    }
                })
                .replaceWithVoid();
    }
}
