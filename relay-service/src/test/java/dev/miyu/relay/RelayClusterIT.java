package dev.miyu.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miyu.relay.support.RelayClient;
import dev.miyu.relay.support.RelayKit;
import dev.miyu.relay.support.RelayProcess;
import dev.miyu.relay.support.TestUser;
import dev.miyu.testsupport.Infra;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.miyu.relay.support.RelayKit.sendFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packaged relay as separate processes sharing one database and one broker, as when it is scaled out: sockets
 * of one conversation on different instances, and an instance killed with SIGKILL between accepting and delivering.
 */
class RelayClusterIT {

    private static final String DATABASE = "miyu_relay_it";
    private static final Duration WAIT = Duration.ofSeconds(40);

    private static Vertx vertx;
    private static RelayProcess a;
    private static RelayProcess b;

    @BeforeAll
    static void startTwoInstances() {
        vertx = Vertx.vertx();
        a = RelayProcess.start("a", DATABASE);
        b = RelayProcess.start("b", DATABASE);
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    static void stopInstances() {
        a.stop();
        b.stop();
        vertx.close();
    }

    private static RelayKit on(RelayProcess instance) {
        return new RelayKit(vertx, instance.base(), Infra.database(DATABASE), DATABASE);
    }

    private static String body(int i) {
        return Base64.getEncoder().encodeToString(("message " + i).getBytes());
    }

    @Test
    void messagesBetweenSocketsOnDifferentInstancesArriveInOrder() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        on(a).befriend(alice, bob);
        try (RelayClient sender = on(a).connect(alice); RelayClient recipient = on(b).connect(bob)) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Map<String, Object> frame = sendFrame(bob, body(i));
                sent.add((String) frame.get("id"));
                sender.send(frame);
            }
            List<String> delivered = new ArrayList<>();
            long lastSeq = 0;
            for (int i = 0; i < 20; i++) {
                JsonNode frame = recipient.awaitFrame("deliver", WAIT);
                assertEquals(lastSeq + 1, frame.get("seq").asLong(), "no gap, no reordering");
                lastSeq = frame.get("seq").asLong();
                delivered.add(frame.get("id").asText());
            }
            assertEquals(sent, delivered);
        }
    }

    @Test
    void aSocketOnAnotherInstanceReplacesTheOlderOne() {
        TestUser alice = TestUser.create();
        try (RelayClient older = on(a).connect(alice); RelayClient newer = on(b).connect(alice)) {
            assertEquals((short) 4001, older.awaitClose(WAIT).code());
            newer.send(Map.of("type", "ping"));
            newer.awaitFrame("pong", WAIT);
        }
    }

    @Test
    void whatAKilledInstanceAcceptedIsDeliveredAfterItsRestart() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        on(a).befriend(alice, bob);
        RelayProcess doomed = RelayProcess.start("doomed", DATABASE).awaitReady();
        List<String> sent = new ArrayList<>();
        try (RelayClient sender = on(doomed).connect(alice)) {
            for (int i = 0; i < 10; i++) {
                Map<String, Object> frame = sendFrame(bob, body(i));
                sent.add((String) frame.get("id"));
                sender.send(frame);
            }
            for (String id : sent) {
                assertEquals("accepted", sender.awaitAnswer(id, WAIT).get("type").asText());
            }
            doomed.kill();
        }
        RelayProcess restarted = RelayProcess.start("restarted", DATABASE).awaitReady();
        try (RelayClient recipient = on(restarted).connect(bob)) {
            List<String> delivered = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                delivered.add(recipient.awaitFrame("deliver", WAIT).get("id").asText());
            }
            assertEquals(sent, delivered);
        } finally {
            restarted.stop();
        }
    }
}
