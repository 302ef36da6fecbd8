package dev.miyu.testsupport;

import dev.miyu.events.AccountRegistered;
import dev.miyu.events.Topics;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfraTest {

    @Test
    void postgresServesARealDatabase() throws Exception {
        EmbeddedPostgres pg = Infra.database("infra_test");
        try (var c = DriverManager.getConnection(pg.jdbcUrl("infra_test"), EmbeddedPostgres.USER, pg.password());
             var rs = c.createStatement().executeQuery("SELECT current_setting('server_version_num')::int")) {
            assertTrue(rs.next());
            assertTrue(rs.getInt(1) >= 170000, "PostgreSQL 17 expected, got " + rs.getInt(1));
        }
    }

    @Test
    void kafkaCarriesAnEventFromProducerToProbe() throws Exception {
        UUID userId = UUID.randomUUID();
        AccountRegistered event = AccountRegistered.of(userId, "probe-" + userId, Instant.now());
        EventProbe.publish(event);
        AccountRegistered read = EventProbe.await(Topics.ACCOUNTS, AccountRegistered.class,
                e -> e.userId().equals(userId), Duration.ofSeconds(30));
        assertEquals(event, read);
    }
}
