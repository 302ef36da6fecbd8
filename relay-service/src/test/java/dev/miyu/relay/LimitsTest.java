package dev.miyu.relay;

import dev.miyu.relay.support.RelayClient;
import dev.miyu.relay.support.RelayKit;
import dev.miyu.relay.support.TestUser;
import dev.miyu.testsupport.Infra;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static dev.miyu.relay.support.RelayKit.WAIT;
import static dev.miyu.relay.support.RelayKit.sendFrame;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-connection and per-user limits, with small values so that a test reaches them quickly. */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "miyu.relay.limits.messages-per-second", "5",
                    "miyu.relay.limits.queue-length", "3",
                    "miyu.relay.limits.tickets-per-minute", "3");
        }
    }

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

    private static final String BODY = Base64.getEncoder().encodeToString("x".getBytes());

    @Test
    void sendingFasterThanTheRateIsRejectedAndTheConnectionRecovers() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        TestUser carol = TestUser.create();
        relay.befriend(alice, bob);
        relay.befriend(alice, carol);
        try (RelayClient a = relay.connect(alice)) {
            for (int i = 0; i < 12; i++) {
                a.send(sendFrame(bob, BODY));
            }
            a.awaitFrame("rejected", frame -> frame.get("code").asText().equals("rate-limited"), WAIT);
            a.send(Map.of("type", "ping"));
            a.awaitFrame("pong", WAIT);
            // A token comes back every 200 ms; then a send to carol (whose queue has room) is accepted.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                UUID id = UUID.randomUUID();
                a.send(sendFrame(id, carol, BODY));
                return a.awaitAnswer(id.toString(), WAIT).get("type").asText().equals("accepted");
            });
        }
    }

    @Test
    void aFullQueueRejectsFurtherSendsUntilTheRecipientAcknowledges() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        relay.befriend(alice, bob);
        try (RelayClient a = relay.connect(alice)) {
            for (int i = 0; i < 3; i++) {
                a.send(sendFrame(bob, BODY));
                a.awaitFrame("accepted", WAIT);
            }
            a.send(sendFrame(bob, BODY));
            assertEquals("queue-full", a.awaitFrame("rejected", WAIT).get("code").asText());

            try (RelayClient b = relay.connect(bob)) {
                b.send(RelayKit.ack(b.awaitFrame("deliver", WAIT).get("id").asText()));
                b.send(Map.of("type", "ping"));
                b.awaitFrame("pong", WAIT);
            }
            a.send(sendFrame(bob, BODY));
            a.awaitFrame("accepted", WAIT);
        }
    }

    @Test
    void ticketsBeyondTheAllowanceAreRefusedWith429() {
        TestUser alice = TestUser.create();
        for (int i = 0; i < 3; i++) {
            relay.ticket(alice);
        }
        given().auth().oauth2(alice.token())
                .when().post("/api/relay/ticket")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", is(429));
    }
}
