package dev.miyu.presence;

import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.FriendshipRemoved;
import dev.miyu.events.MiyuEvent;
import dev.miyu.testsupport.EventProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class PresenceVisibilityTest {

    private static final Duration PROJECTION = Duration.ofSeconds(20);

    @Test
    void strangersAndUnknownNamesAreReportedAsUnknown() {
        TestUser ivan = TestUser.fresh("ivan");
        TestUser judy = TestUser.fresh("judy");
        ivan.heartbeat();

        judy.request().queryParam("users", ivan.name() + ",nobody_" + UUID.randomUUID().toString().substring(0, 8))
                .get("/api/presence")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].username", is(ivan.name()))
                .body("[0].status", is("unknown"))
                .body("[0].lastActive", nullValue())
                .body("[1].status", is("unknown"));
    }

    @Test
    void callerSeesTheirOwnPresence() {
        TestUser kim = TestUser.fresh("kim");
        kim.heartbeat();

        kim.request().queryParam("users", kim.name().toUpperCase()).get("/api/presence")
                .then().statusCode(200)
                .body("[0].username", is(kim.name()))
                .body("[0].status", is("online"))
                .body("[0].lastActive", notNullValue());
    }

    @Test
    void friendSeesOnlineAndOfflineUntilTheFriendshipIsRemoved() {
        TestUser leo = TestUser.fresh("leo");
        TestUser mia = TestUser.fresh("mia");
        EventProbe.publish(FriendshipCreated.of(leo.ref(), mia.ref()));
        await().atMost(PROJECTION).until(() -> mia.statusOf(leo), is("offline"));

        leo.heartbeat();
        await().atMost(PROJECTION).until(() -> mia.statusOf(leo), is("online"));
        leo.request().queryParam("users", mia.name()).get("/api/presence")
                .then().statusCode(200).body("[0].status", is("offline")).body("[0].lastActive", nullValue());

        leo.goOffline();
        await().atMost(PROJECTION).until(() -> mia.statusOf(leo), is("offline"));

        EventProbe.publish(FriendshipRemoved.of(mia.ref(), leo.ref()));
        await().atMost(PROJECTION).until(() -> mia.statusOf(leo), is("unknown"));
        assertStatus(leo, mia, "unknown");
    }

    @Test
    void aLateOlderFriendshipCreatedDoesNotUndoANewerRemoval() {
        TestUser ned = TestUser.fresh("ned");
        TestUser oli = TestUser.fresh("oli");
        TestUser pam = TestUser.fresh("pam");
        Instant created = Instant.now().minusSeconds(60);
        Instant removed = Instant.now();

        EventProbe.publish(
                new FriendshipRemoved(UUID.randomUUID(), removed, MiyuEvent.CURRENT_VERSION, ned.ref(), oli.ref()),
                new FriendshipCreated(UUID.randomUUID(), created, MiyuEvent.CURRENT_VERSION, ned.ref(), oli.ref()),
                // Same key (ned), so same partition: once this one shows, the two before it have been applied.
                FriendshipCreated.of(ned.ref(), pam.ref()));
        await().atMost(PROJECTION).until(() -> pam.statusOf(ned), is("offline"));

        assertStatus(oli, ned, "unknown");
        assertStatus(ned, oli, "unknown");
    }

    @Test
    void aRedeliveredFriendshipEventChangesNothing() {
        TestUser quin = TestUser.fresh("quin");
        TestUser rosa = TestUser.fresh("rosa");
        TestUser sam = TestUser.fresh("sam");
        FriendshipCreated created = FriendshipCreated.of(quin.ref(), rosa.ref());
        FriendshipRemoved removed = FriendshipRemoved.of(quin.ref(), rosa.ref());

        EventProbe.publish(created, removed, created, FriendshipCreated.of(quin.ref(), sam.ref()));
        await().atMost(PROJECTION).until(() -> sam.statusOf(quin), is("offline"));

        assertStatus(rosa, quin, "unknown");
    }

    @Test
    void badUsersParameterIsRefusedWithTheProblemNamed() {
        TestUser tom = TestUser.fresh("tom");
        String fiftyOne = IntStream.range(0, 51).mapToObj(i -> "u" + i).collect(Collectors.joining(","));

        tom.request().get("/api/presence")
                .then().statusCode(400)
                .body("status", is(400))
                .body("title", is("Bad Request"))
                .body("errors.field", contains("users"))
                .body("errors[0].message", is("is required: up to 50 comma-separated usernames"));
        for (String bad : new String[] {"", "a,,b", "a b", "<script>", "x".repeat(33), fiftyOne, "a,", String.join(",", Collections.nCopies(2, "ü"))}) {
            tom.request().queryParam("users", bad).get("/api/presence")
                    .then().statusCode(400)
                    .body("status", is(400))
                    .body("detail", startsWith("users "))
                    .body("errors.field", hasItem("users"));
        }
        String fifty = IntStream.range(0, 50).mapToObj(i -> "u" + i).collect(Collectors.joining(","));
        tom.request().queryParam("users", fifty).get("/api/presence").then().statusCode(200).body("", hasSize(50));
    }

    private static void assertStatus(TestUser viewer, TestUser other, String status) {
        viewer.request().queryParam("users", other.name()).get("/api/presence")
                .then().statusCode(200).body("[0].status", is(status));
    }
}
