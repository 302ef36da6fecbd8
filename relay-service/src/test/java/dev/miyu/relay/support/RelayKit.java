package dev.miyu.relay.support;

import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.FriendshipRemoved;
import dev.miyu.testsupport.EmbeddedPostgres;
import dev.miyu.testsupport.EventProbe;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What the relay tests do over and over: befriend users through events, get tickets, open sockets. */
public final class RelayKit {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private final Vertx vertx;
    private final URI base;
    private final EmbeddedPostgres postgres;
    private final String database;

    public RelayKit(Vertx vertx, URI base, EmbeddedPostgres postgres, String database) {
        this.vertx = vertx;
        this.base = base;
        this.postgres = postgres;
        this.database = database;
    }

    /** Publishes FriendshipCreated as friend-service would and waits until the relay's projection has it. */
    public void befriend(TestUser a, TestUser b) {
        EventProbe.publish(FriendshipCreated.of(a.ref(), b.ref()));
        await().atMost(WAIT).until(() -> friends(a.id(), b.id()));
    }

    /** Publishes FriendshipRemoved and waits until the projection no longer has the pair. */
    public void unfriend(TestUser a, TestUser b) {
        EventProbe.publish(FriendshipRemoved.of(a.ref(), b.ref()));
        await().atMost(WAIT).until(() -> !friends(a.id(), b.id()));
    }

    public String ticket(TestUser user) {
        return given().baseUri(base.toString()).auth().oauth2(user.token())
                .when().post("/api/relay/ticket")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().path("ticket");
    }

    public RelayClient connect(TestUser user) {
        return RelayClient.connect(vertx, base, ticket(user), null);
    }

    public RelayClient connect(String ticket, String origin) {
        return RelayClient.connect(vertx, base, ticket, origin);
    }

    public int refusal(String ticket, String origin) {
        return RelayClient.refusal(vertx, base, ticket, origin);
    }

    /** A send frame with a fresh id. */
    public static Map<String, Object> sendFrame(TestUser to, String body) {
        return sendFrame(UUID.randomUUID(), to, body);
    }

    public static Map<String, Object> sendFrame(UUID id, TestUser to, String body) {
        return Map.of("type", "send", "id", id.toString(), "to", to.username(), "body", body);
    }

    public static Map<String, Object> ack(String id) {
        return Map.of("type", "ack", "id", id);
    }

    /** Runs one statement against the relay's database, for arranging states a test cannot wait for (expiry). */
    public int execute(String sql, Object... parameters) {
        try (Connection connection = jdbc(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... parameters) {
        try (Connection connection = jdbc(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean friends(UUID a, UUID b) {
        return count("SELECT count(*) FROM friends WHERE active AND ((user_id = ? AND friend_id = ?) OR (user_id = ? AND friend_id = ?))",
                a, b, b, a) == 2;
    }

    private Connection jdbc() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), EmbeddedPostgres.USER, postgres.password());
    }
}
