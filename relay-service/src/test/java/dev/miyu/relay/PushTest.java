package dev.miyu.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miyu.events.FriendRequestDeclined;
import dev.miyu.events.FriendRequested;
import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.KeyBundlePublished;
import dev.miyu.events.PresenceChanged;
import dev.miyu.relay.support.RelayClient;
import dev.miyu.relay.support.RelayKit;
import dev.miyu.relay.support.TestUser;
import dev.miyu.testsupport.EventProbe;
import dev.miyu.testsupport.Infra;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static dev.miyu.relay.support.RelayKit.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pushes reach the friends concerned and nobody else. To show that a stranger got nothing, the stranger's own friend
 * then publishes the same kind of event: once the stranger has that one, the earlier event has long been handled.
 */
@QuarkusTest
class PushTest {

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
    void presenceChangesReachConnectedFriendsAndNotStrangers() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        TestUser stranger = TestUser.create();
        TestUser strangersFriend = TestUser.create();
        relay.befriend(alice, bob);
        relay.befriend(stranger, strangersFriend);
        try (RelayClient b = relay.connect(bob); RelayClient s = relay.connect(stranger)) {
            Instant lastActive = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            EventProbe.publish(PresenceChanged.of(alice.id(), alice.username(), true, lastActive));

            JsonNode presence = b.awaitFrame("presence", WAIT);
            assertEquals(alice.username(), presence.get("user").asText());
            assertTrue(presence.get("online").asBoolean());
            assertEquals(lastActive, Instant.parse(presence.get("lastActive").asText()));

            EventProbe.publish(PresenceChanged.of(strangersFriend.id(), strangersFriend.username(), true, Instant.now()));
            assertEquals(strangersFriend.username(), s.awaitFrame("presence", WAIT).get("user").asText());
            assertTrue(s.received("presence").stream().noneMatch(frame -> frame.get("user").asText().equals(alice.username())));
        }
    }

    @Test
    void keyChangesReachConnectedFriendsAndNotStrangers() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        TestUser stranger = TestUser.create();
        TestUser strangersFriend = TestUser.create();
        relay.befriend(alice, bob);
        relay.befriend(stranger, strangersFriend);
        try (RelayClient b = relay.connect(bob); RelayClient s = relay.connect(stranger)) {
            EventProbe.publish(KeyBundlePublished.of(alice.id(), alice.username(), 2, "f1f2f3"));

            JsonNode changed = b.awaitFrame("key-changed", WAIT);
            assertEquals(alice.username(), changed.get("user").asText());
            assertEquals("f1f2f3", changed.get("fingerprint").asText());

            EventProbe.publish(KeyBundlePublished.of(strangersFriend.id(), strangersFriend.username(), 1, "0a0b"));
            assertEquals(strangersFriend.username(), s.awaitFrame("key-changed", WAIT).get("user").asText());
            assertTrue(s.received("key-changed").stream().noneMatch(frame -> frame.get("user").asText().equals(alice.username())));
        }
    }

    @Test
    void friendshipEventsReachBothPartiesNamingTheOther() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        try (RelayClient a = relay.connect(alice); RelayClient b = relay.connect(bob)) {
            UUID request = UUID.randomUUID();
            EventProbe.publish(FriendRequested.of(request, alice.ref(), bob.ref()));
            assertFriendship(a, "requested", bob);
            assertFriendship(b, "requested", alice);

            EventProbe.publish(FriendRequestDeclined.of(request, alice.ref(), bob.ref(), FriendRequestDeclined.DECLINED));
            assertFriendship(a, "declined", bob);
            assertFriendship(b, "declined", alice);

            EventProbe.publish(FriendshipCreated.of(alice.ref(), bob.ref()));
            assertFriendship(a, "created", bob);
            assertFriendship(b, "created", alice);
        }
    }

    private static void assertFriendship(RelayClient client, String event, TestUser other) {
        JsonNode frame = client.awaitFrame("friendship", f -> f.get("event").asText().equals(event), WAIT);
        assertEquals(other.username(), frame.get("user").asText());
    }
}
