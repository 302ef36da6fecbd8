package dev.miyu.relay.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** The {@code attachments} table, through the reactive pool so that a blob is passed on as the buffer it already is. */
@ApplicationScoped
public class AttachmentStore {

    private final Pool pool;

    public AttachmentStore(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(UUID id, UUID uploaderId, Buffer data) {
        return pool.preparedQuery("INSERT INTO attachments (id, uploader_id, size, data) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(id, uploaderId, (long) data.length(), data))
                .replaceWithVoid();
    }

    Uni<Optional<StoredAttachment>> find(UUID id) {
        return pool.preparedQuery("SELECT uploader_id, size FROM attachments WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new StoredAttachment(id, row.getUUID("uploader_id"), row.getLong("size")));
                });
    }

    /** {@code length} bytes from {@code offset} (0-based); PostgreSQL reads only the storage chunks they cover. */
    Uni<Buffer> slice(UUID id, long offset, int length) {
        return pool.preparedQuery("SELECT substring(data FROM $2 FOR $3) AS part FROM attachments WHERE id = $1")
                .execute(Tuple.of(id, offset + 1, length))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new AttachmentNotFoundException();
                    }
                    return rows.iterator().next().getBuffer("part").getDelegate();
                });
    }

    Uni<Integer> deleteOlderThan(Duration age) {
        return pool.preparedQuery("DELETE FROM attachments WHERE created_at < CURRENT_TIMESTAMP - $1 * INTERVAL '1 millisecond'")
                .execute(Tuple.of(age.toMillis()))
                .map(RowSet::rowCount);
    }
}
