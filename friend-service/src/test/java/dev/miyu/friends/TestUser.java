package dev.miyu.friends;

import dev.miyu.events.AccountRegistered;
import dev.miyu.events.MiyuEvent;
import dev.miyu.testsupport.EventProbe;
import dev.miyu.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** A user announced to the service the way auth-service announces one, acting over HTTP with its own token. */
record TestUser(UUID id, String username) {

    /** Generous: the first test in a JVM waits for the consumer to join its group. */
    static final Duration PROJECTION_TIMEOUT = Duration.ofSeconds(30);
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);

    /** A name no other test uses: {@code prefix} plus ten random hex digits. */
    static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static TestUser register(String prefix) {
        return registerNamed(uniqueName(prefix)).get(0);
    }

    /** Publishes AccountRegistered for each name and waits until search finds every one of them. */
    static List<TestUser> registerNamed(String... usernames) {
        List<TestUser> users = Arrays.stream(usernames).map(name -> new TestUser(UUID.randomUUID(), name)).toList();
        EventProbe.publish(users.stream()
                .map(user -> AccountRegistered.of(user.id(), user.username(), Instant.now()))
                .toArray(MiyuEvent[]::new));
        users.forEach(TestUser::awaitListed);
        return users;
    }

    /** Someone with a valid token who is not in the directory, to look without being a party. */
    static RequestSpecification anyone() {
        return new TestUser(UUID.randomUUID(), uniqueName("anyone")).http();
    }

    static boolean listed(String username) {
        return anyone().queryParam("q", username).get("/api/users")
                .then().statusCode(200)
                .extract().jsonPath().getList("username").contains(username);
    }

    void awaitListed() {
        await().atMost(PROJECTION_TIMEOUT).until(() -> listed(username));
    }

    RequestSpecification http() {
        return given().auth().oauth2(TestTokens.forUser(id, username)).contentType(ContentType.JSON);
    }

    /** Sends a friend request to {@code other} and returns its id. */
    UUID request(TestUser other) {
        return UUID.fromString(http().body(Map.of("to", other.username())).post("/api/friends/requests")
                .then().statusCode(201)
                .extract().path("id"));
    }

    void befriend(TestUser other) {
        UUID requestId = request(other);
        other.http().post("/api/friends/requests/{id}/accept", requestId).then().statusCode(200);
    }

    List<String> friendNames() {
        return http().get("/api/friends").then().statusCode(200).extract().jsonPath().getList("username");
    }

    List<String> incomingIds() {
        return http().get("/api/friends/requests").then().statusCode(200).extract().jsonPath().getList("incoming.id");
    }

    List<String> outgoingIds() {
        return http().get("/api/friends/requests").then().statusCode(200).extract().jsonPath().getList("outgoing.id");
    }
}
