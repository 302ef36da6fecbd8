package dev.miyu.eventing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes committed outbox rows to Kafka in insertion order and deletes them only after the broker acknowledged
 * them (acks=all, idempotent producer). A row sent but not yet deleted when the process dies is sent again:
 * delivery is at-least-once and every consumer de-duplicates by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** One relay at a time across all instances of a service, so per-user order holds. */
    private static final long RELAY_LOCK = 0x6d697975L;
    private static final int BATCH = 200;

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final Vertx vertx;
    private final long pollMillis;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public OutboxRelay(Pool pool, @Channel("miyu-outbox") MutinyEmitter<String> emitter, Vertx vertx,
                       @ConfigProperty(name = "miyu.outbox.poll-interval-ms", defaultValue = "200") long pollMillis) {
        this.pool = pool;
        this.emitter = emitter;
        this.vertx = vertx;
        this.pollMillis = pollMillis;
    }

    /** A Vert.x timer rather than the scheduler: events should leave within a fraction of a second. */
    void start(@Observes StartupEvent started) {
        timer = vertx.setPeriodic(pollMillis, id -> relayOnce());
    }

    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(timer);
    }

    private void relayOnce() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        pool.withTransaction(this::relayBatch)
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(sent -> { }, e -> LOG.warnf("outbox relay failed, will retry: %s", e.toString()));
    }

    private Uni<Integer> relayBatch(SqlConnection conn) {
        return conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                .chain(lock -> lock.iterator().next().getBoolean(0)
                        ? conn.preparedQuery("SELECT id, topic, record_key, payload, request_id FROM outbox ORDER BY id LIMIT $1")
                                .execute(Tuple.of(BATCH)).chain(rows -> publishAndDelete(conn, rows))
                        : Uni.createFrom().item(0));
    }

    private Uni<Integer> publishAndDelete(SqlConnection conn, RowSet<Row> rows) {
        List<Row> batch = new ArrayList<>();
        rows.forEach(batch::add);
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // Delete exactly the rows sent: a lower id whose transaction commits late must not be deleted unsent.
        Long[] sent = batch.stream().map(row -> row.getLong("id")).toArray(Long[]::new);
        // One at a time: after a failure no later event of a user can have overtaken an earlier one.
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(this::publish)
                .collect().last()
                .chain(() -> conn.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)").execute(Tuple.of(sent)))
                .map(RowSet::rowCount);
    }

    private Uni<Void> publish(Row row) {
        var headers = new RecordHeaders();
        String requestId = row.getString("request_id");
        if (requestId != null) {
            headers.add(RequestIds.HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        }
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("record_key"))
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(row.getString("payload")).addMetadata(metadata));
    }
}
