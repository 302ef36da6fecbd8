package dev.miyu.relay.ticket;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code tickets} table. Single statements on the reactive pool: redeeming runs in the WebSocket upgrade,
 * outside any Hibernate session.
 */
@ApplicationScoped
public class TicketStore {

    private final Pool pool;

    public TicketStore(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(String hash, UUID userId, String username, Duration ttl) {
        return pool.preparedQuery("INSERT INTO tickets (hash, user_id, username, expires_at) "
                        + "VALUES ($1, $2, $3, CURRENT_TIMESTAMP + $4 * INTERVAL '1 millisecond')")
                .execute(Tuple.of(hash, userId, username, ttl.toMillis()))
                .replaceWithVoid();
    }

    /** Deletes an unexpired ticket and returns its holder, with a fresh connection generation; atomic, so single use. */
    Uni<Optional<TicketHolder>> redeem(String hash) {
        return pool.preparedQuery("DELETE FROM tickets WHERE hash = $1 AND expires_at > CURRENT_TIMESTAMP "
                        + "RETURNING user_id, username, nextval('connection_generation') AS generation")
                .execute(Tuple.of(hash))
                .map(TicketStore::holder);
    }

    Uni<Integer> deleteExpired() {
        return pool.query("DELETE FROM tickets WHERE expires_at <= CURRENT_TIMESTAMP").execute().map(RowSet::rowCount);
    }

    private static Optional<TicketHolder> holder(RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new TicketHolder(row.getUUID("user_id"), row.getString("username"), row.getLong("generation"), Instant.now()));
    }
}
