package dev.miyu.relay;

import dev.miyu.relay.support.RelayClient;
import dev.miyu.relay.support.RelayKit;
import dev.miyu.relay.support.TestUser;
import dev.miyu.testsupport.Infra;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static dev.miyu.relay.support.RelayKit.WAIT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class TicketTest {

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URI base;

    RelayKit relay;

    @BeforeEach
    void setUp() {
        ReadinessTest.awaitReady();
        relay = new RelayKit(vertx, base, Infra.database("miyu_relay"), "miyu_relay");
    }

    @Test
    void aTicketIsIssuedToAnAuthenticatedUserForThirtySeconds() {
        TestUser alice = TestUser.create();
        given().auth().oauth2(alice.token())
                .when().post("/api/relay/ticket")
                .then().statusCode(200)
                .body("ticket", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("expiresIn", is(30));
    }

    @Test
    void aTicketRequiresAValidAccessToken() {
        given().when().post("/api/relay/ticket")
                .then().statusCode(401).contentType("application/problem+json")
                .body("status", is(401)).body("detail", is("a valid access token is required"));
        given().auth().oauth2("not.a.token")
                .when().post("/api/relay/ticket")
                .then().statusCode(401).body("title", is("Unauthorized"));
    }

    @Test
    void theDatabaseKeepsOnlyTheTicketsHash() {
        TestUser alice = TestUser.create();
        String ticket = relay.ticket(alice);
        assertEquals(0, relay.count("SELECT count(*) FROM tickets WHERE hash = ?", ticket));
        assertEquals(1, relay.count("SELECT count(*) FROM tickets WHERE user_id = ?", alice.id()));
    }

    @Test
    void aTicketOpensOneConnectionOnly() {
        TestUser alice = TestUser.create();
        String ticket = relay.ticket(alice);
        try (RelayClient socket = relay.connect(ticket, null)) {
            socket.send(Map.of("type", "ping"));
            socket.awaitFrame("pong", WAIT);
        }
        assertEquals(401, relay.refusal(ticket, null));
    }

    @Test
    void anUnknownOrMissingTicketIsRefused() {
        assertEquals(401, relay.refusal("A".repeat(43), null));
        assertEquals(401, relay.refusal("", null));
        assertEquals(401, relay.refusal("'; DROP TABLE tickets; --", null));
    }

    @Test
    void anExpiredTicketIsRefused() {
        TestUser alice = TestUser.create();
        String ticket = relay.ticket(alice);
        relay.execute("UPDATE tickets SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1 second' WHERE user_id = ?", alice.id());
        assertEquals(401, relay.refusal(ticket, null));
    }

    @Test
    void aPageFromAnOriginNotOnTheAllowlistIsRefusedAndKeepsItsTicket() {
        TestUser alice = TestUser.create();
        String ticket = relay.ticket(alice);
        assertEquals(403, relay.refusal(ticket, "https://evil.example"));
        try (RelayClient socket = relay.connect(ticket, "http://localhost:8080")) {
            socket.send(Map.of("type", "ping"));
            socket.awaitFrame("pong", WAIT);
        }
    }
}
