package dev.miyu.relay.queue;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The offline queue ({@code queue_heads}, {@code envelopes}) and the ledger of accepted ids ({@code sent_envelopes}).
 * Queueing joins the caller's Hibernate transaction, which also holds the outbox row; delivery and acks run on
 * socket and Kafka threads outside any session and use the reactive pool.
 */
@ApplicationScoped
public class EnvelopeRepository {

    private final Pool pool;

    public EnvelopeRepository(Pool pool) {
        this.pool = pool;
    }

    /** Where an earlier send of this envelope id by this sender went. */
    Uni<Optional<SentEnvelope>> findSent(UUID senderId, UUID envelopeId) {
        return Panache.getSession().chain(session -> session.<Object[]>createNativeQuery(
                        "SELECT recipient_id, seq FROM sent_envelopes WHERE sender_id = ?1 AND id = ?2")
                .setParameter(1, senderId)
                .setParameter(2, envelopeId)
                .getResultList())
                .map(rows -> rows.stream().findFirst().map(row -> new SentEnvelope((UUID) row[0], ((Number) row[1]).longValue())));
    }

    /**
     * Allocates the recipient's next sequence number and counts the envelope in. The head row stays locked until
     * the caller's transaction ends, so the recipient's envelopes commit in sequence order.
     */
    Uni<QueueHead> advance(UUID recipientId) {
        return Panache.getSession().chain(session -> session.<Object[]>createNativeQuery(
                        "INSERT INTO queue_heads (recipient_id, last_seq, queued) VALUES (?1, 1, 1) "
                                + "ON CONFLICT (recipient_id) DO UPDATE "
                                + "SET last_seq = queue_heads.last_seq + 1, queued = queue_heads.queued + 1 "
                                + "RETURNING last_seq, queued")
                .setParameter(1, recipientId)
                .getSingleResult())
                .map(row -> new QueueHead(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /** Stores the envelope and remembers its id for resends, in one statement. */
    Uni<Void> enqueue(UUID recipientId, long seq, UUID envelopeId, UUID senderId, String senderName, byte[] body) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "WITH sent AS (INSERT INTO sent_envelopes (sender_id, id, recipient_id, seq) VALUES (?1, ?2, ?3, ?4)) "
                                + "INSERT INTO envelopes (recipient_id, seq, id, sender_id, sender_name, body) "
                                + "VALUES (?3, ?4, ?2, ?1, ?5, ?6)")
                .setParameter(1, senderId)
                .setParameter(2, envelopeId)
                .setParameter(3, recipientId)
                .setParameter(4, seq)
                .setParameter(5, senderName)
                .setParameter(6, body)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Deletes what is queued between two users, both directions, and returns how much; joins the caller's transaction. */
    public Uni<Long> purgeBetween(UUID a, UUID b) {
        return purge(a, b).chain(ab -> purge(b, a).map(ba -> ab + ba));
    }

    private Uni<Long> purge(UUID senderId, UUID recipientId) {
        return Panache.getSession().chain(session -> session.<Number>createNativeQuery(
                        "WITH gone AS (DELETE FROM envelopes WHERE sender_id = ?1 AND recipient_id = ?2 RETURNING seq) "
                                + "UPDATE queue_heads SET queued = queued - (SELECT count(*) FROM gone) "
                                + "WHERE recipient_id = ?2 RETURNING (SELECT count(*) FROM gone)")
                .setParameter(1, senderId)
                .setParameter(2, recipientId)
                .getResultList())
                .map(counts -> counts.isEmpty() ? 0L : counts.get(0).longValue());
    }

    /** The recipient's envelopes after {@code afterSeq}, in sequence order. */
    Uni<List<Envelope>> after(UUID recipientId, long afterSeq, int limit) {
        return pool.preparedQuery("SELECT seq, id, sender_name, sent_at, body FROM envelopes "
                        + "WHERE recipient_id = $1 AND seq > $2 ORDER BY seq LIMIT $3")
                .execute(Tuple.of(recipientId, afterSeq, limit))
                .map(rows -> {
                    List<Envelope> batch = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        batch.add(new Envelope(row.getUUID("id"), row.getLong("seq"), row.getString("sender_name"),
                                row.getOffsetDateTime("sent_at").toInstant(), row.getBuffer("body").getBytes()));
                    }
                    return batch;
                });
    }

    /** Deletes the recipient's envelope with this id and counts it out; an id addressed to someone else matches nothing. */
    Uni<Integer> delete(UUID recipientId, UUID envelopeId) {
        return pool.preparedQuery("WITH gone AS (DELETE FROM envelopes WHERE recipient_id = $1 AND id = $2 RETURNING seq) "
                        + "UPDATE queue_heads SET queued = queued - (SELECT count(*) FROM gone) "
                        + "WHERE recipient_id = $1 AND EXISTS (SELECT 1 FROM gone)")
                .execute(Tuple.of(recipientId, envelopeId))
                .map(RowSet::rowCount);
    }

    /** Forgets accepted ids older than {@code age} whose envelope has left the queue. */
    Uni<Integer> forgetSentBefore(Duration age) {
        return pool.preparedQuery("DELETE FROM sent_envelopes s WHERE s.accepted_at < CURRENT_TIMESTAMP - $1 * INTERVAL '1 millisecond' "
                        + "AND NOT EXISTS (SELECT 1 FROM envelopes e WHERE e.recipient_id = s.recipient_id AND e.seq = s.seq)")
                .execute(Tuple.of(age.toMillis()))
                .map(RowSet::rowCount);
    }

    record SentEnvelope(UUID recipientId, long seq) {
    }

    /** The sequence number just given out and the number of envelopes waiting, this one included. */
    record QueueHead(long seq, long queued) {
    }
}
