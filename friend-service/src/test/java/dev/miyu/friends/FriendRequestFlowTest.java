package dev.miyu.friends;

import dev.miyu.events.FriendRequestDeclined;
import dev.miyu.events.FriendRequested;
import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.Topics;
import dev.miyu.testsupport.EventProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class FriendRequestFlowTest {

    @Test
    void acceptedRequestMakesBothUsersFriendsAndIsAnnounced() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");

        String id = alice.http().body(Map.of("to", bob.username())).post("/api/friends/requests")
                .then().statusCode(201)
                .body("from", equalTo(alice.username()))
                .body("to", equalTo(bob.username()))
                .body("status", equalTo("pending"))
                .body("createdAt", notNullValue())
                .extract().path("id");
        assertThat(alice.outgoingIds(), contains(id));
        assertThat(bob.incomingIds(), contains(id));
        assertThat(alice.incomingIds(), empty());

        bob.http().post("/api/friends/requests/{id}/accept", id)
                .then().statusCode(200)
                .body("friendship.username", equalTo(alice.username()))
                .body("friendship.userId", equalTo(alice.id().toString()))
                .body("friendship.since", notNullValue());

        assertThat(alice.friendNames(), contains(bob.username()));
        assertThat(bob.friendNames(), contains(alice.username()));
        assertThat(alice.outgoingIds(), empty());
        assertThat(bob.incomingIds(), empty());

        FriendRequested requested = EventProbe.await(Topics.FRIENDSHIPS, FriendRequested.class,
                event -> event.requestId().toString().equals(id), TestUser.EVENT_TIMEOUT);
        assertThat(requested.from().userId(), equalTo(alice.id()));
        assertThat(requested.to().username(), equalTo(bob.username()));
        FriendshipCreated created = EventProbe.await(Topics.FRIENDSHIPS, FriendshipCreated.class,
                event -> pairOf(event.a().userId(), event.b().userId()).equals(pairOf(alice.id(), bob.id())),
                TestUser.EVENT_TIMEOUT);
        assertThat(List.of(created.a().username(), created.b().username()),
                containsInAnyOrder(alice.username(), bob.username()));
    }

    @Test
    void declinedRequestMakesNoFriendshipAndMayBeSentAgain() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        UUID id = alice.request(bob);

        bob.http().post("/api/friends/requests/{id}/decline", id)
                .then().statusCode(200)
                .body("status", equalTo("declined"))
                .body("from", equalTo(alice.username()));

        assertThat(alice.outgoingIds(), empty());
        assertThat(bob.incomingIds(), empty());
        assertThat(alice.friendNames(), empty());
        FriendRequestDeclined declined = EventProbe.await(Topics.FRIENDSHIPS, FriendRequestDeclined.class,
                event -> event.requestId().equals(id), TestUser.EVENT_TIMEOUT);
        assertThat(declined.reason(), equalTo(FriendRequestDeclined.DECLINED));
        assertThat(declined.to().userId(), equalTo(bob.id()));

        assertThat(alice.request(bob), not(equalTo(id)));
    }

    @Test
    void cancelledRequestDisappearsForBothSides() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        UUID id = alice.request(bob);

        alice.http().post("/api/friends/requests/{id}/cancel", id)
                .then().statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("to", equalTo(bob.username()));

        bob.http().get("/api/friends/requests").then().statusCode(200).body("incoming", empty()).body("outgoing", empty());
        assertThat(alice.outgoingIds(), empty());
        assertThat(bob.friendNames(), empty());
        FriendRequestDeclined cancelled = EventProbe.await(Topics.FRIENDSHIPS, FriendRequestDeclined.class,
                event -> event.requestId().equals(id), TestUser.EVENT_TIMEOUT);
        assertThat(cancelled.reason(), equalTo(FriendRequestDeclined.CANCELLED));
    }

    @Test
    void answeredRequestCannotBeAnsweredAgain() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        UUID id = alice.request(bob);
        bob.http().post("/api/friends/requests/{id}/accept", id).then().statusCode(200);

        bob.http().post("/api/friends/requests/{id}/accept", id)
                .then().statusCode(409).body("detail", equalTo("this friend request was already accepted"));
        bob.http().post("/api/friends/requests/{id}/decline", id).then().statusCode(409);
        alice.http().post("/api/friends/requests/{id}/cancel", id).then().statusCode(409);
        assertThat(alice.friendNames(), contains(bob.username()));
    }

    @Test
    void pendingRequestsAreListedOldestFirst() {
        TestUser carol = TestUser.register("carol");
        TestUser first = TestUser.register("first");
        TestUser second = TestUser.register("second");
        UUID fromFirst = first.request(carol);
        UUID fromSecond = second.request(carol);

        carol.http().get("/api/friends/requests")
                .then().statusCode(200)
                .body("incoming.id", contains(fromFirst.toString(), fromSecond.toString()))
                .body("incoming.from", contains(first.username(), second.username()))
                .body("incoming.status", contains("pending", "pending"))
                .body("outgoing", empty());
    }

    @Test
    void requestsAcceptsAndRemovalsAreCounted() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        double requests = counter("miyu_friends_requests_total", "");
        double accepts = counter("miyu_friends_accepts_total", "via=\"accept\"");
        double removals = counter("miyu_friends_removals_total", "");

        alice.befriend(bob);
        alice.http().delete("/api/friends/{username}", bob.username()).then().statusCode(204);

        assertThat(counter("miyu_friends_requests_total", ""), equalTo(requests + 1));
        assertThat(counter("miyu_friends_accepts_total", "via=\"accept\""), equalTo(accepts + 1));
        assertThat(counter("miyu_friends_removals_total", ""), equalTo(removals + 1));
    }

    /** The value of a Prometheus counter sample whose labels contain {@code label}; 0 before it exists. */
    private static double counter(String name, String label) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    private static Set<UUID> pairOf(UUID a, UUID b) {
        return Set.of(a, b);
    }
}
