package dev.miyu.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miyu.relay.support.RelayClient;
import dev.miyu.relay.support.RelayKit;
import dev.miyu.relay.support.TestUser;
import dev.miyu.testsupport.EventProbe;
import dev.miyu.testsupport.Infra;
import dev.miyu.events.PresenceChanged;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.miyu.relay.support.RelayKit.WAIT;
import static dev.miyu.relay.support.RelayKit.ack;
import static dev.miyu.relay.support.RelayKit.sendFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DeliveryTest {

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

    private static String body(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }

    @Test
    void aMessageToAConnectedFriendIsAcceptedAndDeliveredFromTheAuthenticatedSender() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        relay.befriend(alice, bob);
        try (RelayClient a = relay.connect(alice); RelayClient b = relay.connect(bob)) {
            UUID id = UUID.randomUUID();
            Map<String, Object> frame = new HashMap<>(sendFrame(id, bob, body("hello")));
            frame.put("from", "mallory");
            a.send(frame);

            JsonNode accepted = a.awaitFrame("accepted", WAIT);
            assertEquals(id.toString(), accepted.get("id").asText());
            JsonNode delivered = b.awaitFrame("deliver", WAIT);
            assertEquals(id.toString(), delivered.get("id").asText());
            assertEquals(alice.username(), delivered.get("from").asText());
            assertEquals(accepted.get("seq").asLong(), delivered.get("seq").asLong());
            assertEquals(body("hello"), delivered.get("body").asText());
            Instant.parse(delivered.get("sentAt").asText());
        }
    }

    @Test
    void messagesForAnOfflineFriendArriveInOrderWhenTheyConnect() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        relay.befriend(alice, bob);
        List<String> sent = new ArrayList<>();
        try (RelayClient a = relay.connect(alice)) {
            for (int i = 0; i < 5; i++) {
                Map<String, Object> frame = sendFrame(bob, body("message " + i));
                sent.add((String) frame.get("id"));
                a.send(frame);
            }
            for (int i = 0; i < 5; i++) {
                a.awaitFrame("accepted", WAIT);
            }
        }
        try (RelayClient b = relay.connect(bob)) {
            List<String> delivered = new ArrayList<>();
            long previousSeq = 0;
            for (int i = 0; i < 5; i++) {
                JsonNode frame = b.awaitFrame("deliver", WAIT);
                delivered.add(frame.get("id").asText());
                assertTrue(frame.get("seq").asLong() > previousSeq, "seq increases");
                previousSeq = frame.get("seq").asLong();
            }
            assertEquals(sent, delivered);
        }
    }

    @Test
    void anAcknowledgedMessageIsNotDeliveredAgain() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        relay.befriend(alice, bob);
        try (RelayClient a = relay.connect(alice)) {
            a.send(sendFrame(bob, body("first")));
            a.send(sendFrame(bob, body("second")));
            a.awaitFrame("accepted", WAIT);
            a.awaitFrame("accepted", WAIT);
        }
        try (RelayClient b = relay.connect(bob)) {
            JsonNode first = b.awaitFrame("deliver", WAIT);
            b.awaitFrame("deliver", WAIT);
            b.send(ack(first.get("id").asText()));
            b.send(Map.of("type", "ping"));
            b.awaitFrame("pong", WAIT);
        }
        try (RelayClient b = relay.connect(bob)) {
            JsonNode again = b.awaitFrame("deliver", WAIT);
            assertEquals(body("second"), again.get("body").asText(), "only the unacknowledged one comes again");
            b.send(ack(again.get("id").asText()));
            b.send(Map.of("type", "ping"));
            b.awaitFrame("pong", WAIT);
        }
        assertEquals(0, relay.count("SELECT count(*) FROM envelopes WHERE recipient_id = ?", bob.id()));
    }

    @Test
    void aMessageIsDeliveredAgainWhenTheSocketDroppedBeforeTheAck() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        relay.befriend(alice, bob);
        try (RelayClient a = relay.connect(alice); RelayClient b = relay.connect(bob)) {
            a.send(sendFrame(bob, body("keep me")));
            b.awaitFrame("deliver", WAIT);
        }
        try (RelayClient b = relay.connect(bob)) {
            assertEquals(body("keep me"), b.awaitFrame("deliver", WAIT).get("body").asText());
        }
    }

    @Test
    void resendingTheSameIdStoresOneCopyAndAnswersTheSameSeq() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        relay.befriend(alice, bob);
        UUID id = UUID.randomUUID();
        try (RelayClient a = relay.connect(alice)) {
            a.send(sendFrame(id, bob, body("once")));
            long seq = a.awaitFrame("accepted", WAIT).get("seq").asLong();
            a.send(sendFrame(id, bob, body("once")));
            assertEquals(seq, a.awaitFrame("accepted", WAIT).get("seq").asLong());
        }
        assertEquals(1, relay.count("SELECT count(*) FROM envelopes WHERE recipient_id = ?", bob.id()));
    }

    @Test
    void sendingToAStrangerOrAnUnknownUserIsRejected() {
        TestUser alice = TestUser.create();
        TestUser stranger = TestUser.create();
        TestUser nobody = TestUser.create();
        try (RelayClient a = relay.connect(alice)) {
            a.send(sendFrame(stranger, body("hi")));
            assertEquals("not-friends", a.awaitFrame("rejected", WAIT).get("code").asText());
            a.send(sendFrame(nobody, body("hi")));
            assertEquals("not-friends", a.awaitFrame("rejected", WAIT).get("code").asText());
        }
        assertEquals(0, relay.count("SELECT count(*) FROM envelopes WHERE sender_id = ?", alice.id()));
    }

    @Test
    void unfriendingPurgesWhatIsQueuedBetweenTheTwo() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        relay.befriend(alice, bob);
        try (RelayClient a = relay.connect(alice); RelayClient b = relay.connect(bob)) {
            a.send(sendFrame(bob, body("to bob")));
            b.send(sendFrame(alice, body("to alice")));
            a.awaitFrame("accepted", WAIT);
            b.awaitFrame("accepted", WAIT);
        }
        relay.unfriend(bob, alice);
        assertEquals(0, relay.count("SELECT count(*) FROM envelopes WHERE recipient_id IN (?, ?)", alice.id(), bob.id()));
        try (RelayClient a = relay.connect(alice)) {
            a.send(sendFrame(bob, body("still there?")));
            assertEquals("not-friends", a.awaitFrame("rejected", WAIT).get("code").asText());
            assertTrue(a.received("deliver").isEmpty());
        }
    }

    @Test
    void tooLargeAndMalformedFramesAreRejectedAndTheConnectionStaysUsable() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        relay.befriend(alice, bob);
        try (RelayClient a = relay.connect(alice)) {
            String big = Base64.getEncoder().encodeToString(new byte[64 * 1024 + 1]);
            Map<String, Object> oversize = sendFrame(bob, big);
            a.send(oversize);
            JsonNode rejected = a.awaitFrame("rejected", WAIT);
            assertEquals("too-large", rejected.get("code").asText());
            assertEquals(oversize.get("id"), rejected.get("id").asText());

            a.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(100_000) + "\"}");
            assertEquals("too-large", a.awaitFrame("rejected", WAIT).get("code").asText());

            a.sendText("not json");
            assertEquals("bad-frame", a.awaitFrame("rejected", WAIT).get("code").asText());
            a.send(Map.of("type", "send", "id", "not-a-uuid", "to", bob.username(), "body", body("x")));
            JsonNode badId = a.awaitFrame("rejected", WAIT);
            assertEquals("bad-frame", badId.get("code").asText());
            assertTrue(badId.get("reason").asText().startsWith("id"), badId.toString());
            a.send(Map.of("type", "send", "id", UUID.randomUUID().toString(), "to", "", "body", body("x")));
            assertTrue(a.awaitFrame("rejected", WAIT).get("reason").asText().startsWith("to"));
            a.send(Map.of("type", "send", "id", UUID.randomUUID().toString(), "to", bob.username(), "body", "%%%"));
            assertEquals("body: must be base64", a.awaitFrame("rejected", WAIT).get("reason").asText());
            a.send(Map.of("type", "teleport"));
            assertEquals("bad-frame", a.awaitFrame("rejected", WAIT).get("code").asText());

            String exactlyMax = Base64.getEncoder().encodeToString(new byte[64 * 1024]);
            a.send(sendFrame(bob, exactlyMax));
            a.awaitFrame("accepted", WAIT);
            assertFalse(a.isClosed());
        }
    }

    @Test
    void aFrameOverOneMebibyteEndsTheConnection() {
        TestUser alice = TestUser.create();
        try (RelayClient a = relay.connect(alice)) {
            a.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
            assertEquals((short) 1011, a.awaitClose(WAIT).code());
        }
    }

    @Test
    void aNewConnectionReplacesTheOlderOneWithCloseCode4001() {
        TestUser alice = TestUser.create();
        try (RelayClient first = relay.connect(alice); RelayClient second = relay.connect(alice)) {
            RelayClient.CloseStatus status = first.awaitClose(WAIT);
            assertEquals((short) 4001, status.code());
            assertEquals("replaced by a newer connection", status.reason());
            second.send(Map.of("type", "ping"));
            second.awaitFrame("pong", WAIT);
        }
    }

    @Test
    void goingOfflineClosesTheSocketOpenedBefore() {
        TestUser alice = TestUser.create();
        try (RelayClient a = relay.connect(alice)) {
            EventProbe.publish(PresenceChanged.of(alice.id(), alice.username(), false, Instant.now()));
            assertEquals((short) 4002, a.awaitClose(WAIT).code());
        }
    }
}
