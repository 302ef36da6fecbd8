package dev.miyu.presence;

import dev.miyu.testsupport.EmbeddedPostgres;
import dev.miyu.testsupport.Infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Looks at and adjusts the presence table directly, as a test needs to (the API never exposes addresses). */
final class PresenceTable {

    private final String database;

    PresenceTable(String database) {
        this.database = database;
    }

    /** The user's row as column → value, or an empty map when there is none. */
    Map<String, Object> row(UUID userId) {
        try (Connection c = connect(); var query = c.prepareStatement("SELECT * FROM presence WHERE user_id = ?")) {
            query.setObject(1, userId);
            ResultSet rs = query.executeQuery();
            Map<String, Object> row = new HashMap<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pretends the user's last heartbeat was an hour ago, so that the next sweep finds them expired. */
    void backdate(UUID userId) {
        try (Connection c = connect(); var update = c.prepareStatement(
                "UPDATE presence SET last_active = last_active - INTERVAL '1 hour' WHERE user_id = ?")) {
            update.setObject(1, userId);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no presence row for " + userId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect() throws SQLException {
        EmbeddedPostgres pg = Infra.database(database);
        return DriverManager.getConnection(pg.jdbcUrl(database), EmbeddedPostgres.USER, pg.password());
    }
}
