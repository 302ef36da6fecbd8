package dev.miyu.friends;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class FriendRequestRulesTest {

    @Test
    void onlyTheRecipientAnswersAndOnlyTheSenderCancels() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        TestUser mallory = TestUser.register("mallory");
        UUID id = alice.request(bob);

        alice.http().post("/api/friends/requests/{id}/accept", id)
                .then().statusCode(403).body("status", is(403)).body("detail", equalTo("only the recipient can accept a friend request"));
        alice.http().post("/api/friends/requests/{id}/decline", id).then().statusCode(403);
        bob.http().post("/api/friends/requests/{id}/cancel", id)
                .then().statusCode(403).body("detail", equalTo("only the sender can cancel a friend request"));

        assertThat(bob.incomingIds(), contains(id.toString()));
        assertThat(alice.friendNames(), empty());
    }

    @Test
    void strangersCannotTellARequestExists() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        TestUser mallory = TestUser.register("mallory");
        UUID id = alice.request(bob);

        for (String action : new String[]{"accept", "decline", "cancel"}) {
            Response stranger = mallory.http().post("/api/friends/requests/{id}/" + action, id);
            Response unknown = mallory.http().post("/api/friends/requests/{id}/" + action, UUID.randomUUID());
            stranger.then().statusCode(404).body("detail", equalTo("there is no such friend request"));
            assertThat(stranger.asString(), equalTo(unknown.asString()));
        }
        assertThat(bob.incomingIds(), contains(id.toString()));
    }

    @Test
    void aRequestToYourselfIsRefused() {
        TestUser alice = TestUser.register("alice");

        alice.http().body(Map.of("to", alice.username().toUpperCase())).post("/api/friends/requests")
                .then().statusCode(400).body("detail", equalTo("you cannot send a friend request to yourself"));
        assertThat(alice.outgoingIds(), empty());
    }

    @Test
    void aRequestToAnUnknownUserIsNotFound() {
        TestUser alice = TestUser.register("alice");

        alice.http().body(Map.of("to", TestUser.uniqueName("nobody"))).post("/api/friends/requests")
                .then().statusCode(404).body("status", is(404)).body("title", equalTo("Not Found"));
    }

    @Test
    void aSecondRequestToTheSameUserOrToAFriendIsAConflict() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        TestUser carol = TestUser.register("carol");
        UUID first = alice.request(bob);
        alice.befriend(carol);

        alice.http().body(Map.of("to", bob.username())).post("/api/friends/requests")
                .then().statusCode(409).body("detail", equalTo("you have already sent " + bob.username() + " a friend request"));
        alice.http().body(Map.of("to", carol.username())).post("/api/friends/requests")
                .then().statusCode(409).body("detail", equalTo("you are already friends with " + carol.username()));
        carol.http().body(Map.of("to", alice.username())).post("/api/friends/requests").then().statusCode(409);

        assertThat(alice.outgoingIds(), contains(first.toString()));
    }

    @Test
    void malformedRequestBodiesAreRefusedWithAProblemNamingTheField() {
        TestUser alice = TestUser.register("alice");

        alice.http().body("{}").post("/api/friends/requests")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        alice.http().body(Map.of("to", "")).post("/api/friends/requests")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        alice.http().body(Map.of("to", "no spaces!")).post("/api/friends/requests")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        alice.http().body("{\"to\": 5}").post("/api/friends/requests")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        alice.http().body("{\"to\": {\"name\": \"bob\"}}").post("/api/friends/requests")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        alice.http().body("{\"to\": ").post("/api/friends/requests")
                .then().statusCode(400).body("detail", equalTo("the request body is not valid JSON"));
        alice.http().body("").post("/api/friends/requests")
                .then().statusCode(400).body("status", is(400)).body("detail", notNullValue());
        alice.http().contentType(ContentType.TEXT).body("bob").post("/api/friends/requests")
                .then().statusCode(415).body("status", is(415));
        alice.http().post("/api/friends/requests/{id}/accept", "not-a-uuid")
                .then().statusCode(404).body("status", is(404));

        assertThat(alice.outgoingIds(), empty());
    }

    @Test
    void everyEndpointNeedsAnAccessToken() {
        given().get("/api/friends").then().statusCode(401);
        given().get("/api/friends/requests").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("to", "bob")).post("/api/friends/requests").then().statusCode(401);
        given().post("/api/friends/requests/{id}/accept", UUID.randomUUID()).then().statusCode(401);
        given().post("/api/friends/requests/{id}/decline", UUID.randomUUID()).then().statusCode(401);
        given().post("/api/friends/requests/{id}/cancel", UUID.randomUUID()).then().statusCode(401);
        given().delete("/api/friends/{username}", "bob").then().statusCode(401);
    }

    @Test
    void writesBeyondThirtyAMinuteAreRefusedForThatUserOnly() {
        TestUser eager = TestUser.register("eager");
        TestUser calm = TestUser.register("calm");

        int allowed = 0;
        Response refused = null;
        while (refused == null && allowed < 40) {
            Response response = eager.http().body(Map.of("to", TestUser.uniqueName("nobody"))).post("/api/friends/requests");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                response.then().statusCode(404);
                allowed++;
            }
        }

        assertThat(allowed, greaterThanOrEqualTo(30));
        assertThat(refused, notNullValue());
        refused.then().body("status", is(429)).header("Retry-After", notNullValue());
        calm.http().body(Map.of("to", TestUser.uniqueName("nobody"))).post("/api/friends/requests").then().statusCode(404);
    }
}
