package dev.miyu.presence;

import dev.miyu.events.PresenceChanged;
import dev.miyu.presence.config.PresenceConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class PresenceTransitionsTest {

    private static final Duration EVENTS = Duration.ofSeconds(30);

    private final PresenceTable table = new PresenceTable("miyu_presence");

    @Inject
    PresenceConfig config;

    @Test
    void firstHeartbeatPublishesOneOnlineEventAndRepeatedHeartbeatsPublishNothingMore() {
        TestUser alice = TestUser.fresh("alice");

        alice.heartbeat();
        alice.heartbeat();
        alice.heartbeat();
        alice.goOffline();

        List<PresenceChanged> events = PresenceEventLog.until(alice.id(), e -> !e.online(), EVENTS);
        assertThat(PresenceEventLog.describe(events), is("on, off"));
        assertThat(events.get(0).username(), is(alice.name()));
        assertThat(events.get(0).lastActive(), notNullValue());
    }

    @Test
    void userWithoutHeartbeatsGoesOfflineOnceTheTimeoutHasPassed() {
        TestUser bob = TestUser.fresh("bob");
        bob.heartbeat();

        List<PresenceChanged> events = PresenceEventLog.until(bob.id(), e -> !e.online(), EVENTS);

        assertThat(PresenceEventLog.describe(events), is("on, off"));
        PresenceChanged online = events.get(0);
        PresenceChanged offline = events.get(1);
        // The offline event carries the last heartbeat's time, and the sweep did not come before the timeout.
        assertThat(offline.lastActive(), is(online.lastActive()));
        assertThat(offline.occurredAt(), greaterThanOrEqualTo(online.lastActive().plus(config.timeout())));
        bob.request().queryParam("users", bob.name()).get("/api/presence")
                .then().statusCode(200)
                .body("[0].username", is(bob.name()))
                .body("[0].status", is("offline"))
                .body("[0].lastActive", is(online.lastActive().toString()));
    }

    @Test
    void explicitOfflinePublishesOneOfflineEventAndASecondOneChangesNothing() {
        TestUser carol = TestUser.fresh("carol");
        carol.heartbeat();
        Instant beforeLogout = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        carol.goOffline();
        carol.goOffline();
        carol.heartbeat();

        List<PresenceChanged> events = PresenceEventLog.until(carol.id(), PresenceEventLog.nth(3), EVENTS);
        assertThat(PresenceEventLog.describe(events), is("on, off, on"));
        assertThat(events.get(1).lastActive(), greaterThanOrEqualTo(beforeLogout));
        carol.goOffline();
        assertThat(carol.statusOf(carol), is("offline"));
    }

    @Test
    void offlineFromSomeoneNeverSeenChangesNothing() {
        TestUser dave = TestUser.fresh("dave");

        dave.goOffline();

        assertThat(table.row(dave.id()), aMapWithSize(0));
    }

    @Test
    void heartbeatRecordsClientAddressUserAgentAndInstance() {
        TestUser erin = TestUser.fresh("erin");
        String longAgent = "Mozilla/5.0 " + "x".repeat(400);

        erin.request().header("X-Forwarded-For", "203.0.113.7").header("User-Agent", longAgent)
                .post("/api/presence/heartbeat").then().statusCode(204);

        Map<String, Object> row = table.row(erin.id());
        assertThat(row.get("username"), is(erin.name()));
        assertThat(row.get("online"), is(true));
        assertThat(row.get("client_ip"), is("203.0.113.7"));
        assertThat(row.get("user_agent"), is(longAgent.substring(0, 256)));
        assertThat(row.get("instance_id"), is(config.instanceId()));
    }

    @Test
    void heartbeatsAreCountedInTheMetrics() {
        double before = heartbeatCount();
        TestUser frank = TestUser.fresh("frank");

        frank.heartbeat();
        frank.heartbeat();

        assertThat(heartbeatCount(), greaterThanOrEqualTo(before + 2));
    }

    @Test
    void tooManyWritesByOneUserAreRefusedWithRetryAfterWhileOthersGoOn() {
        TestUser grace = TestUser.fresh("grace");
        for (int i = 0; i < config.rateLimit().perMinute(); i++) {
            grace.heartbeat();
        }

        String retryAfter = grace.request().post("/api/presence/heartbeat")
                .then().statusCode(429)
                .body("status", is(429))
                .body("title", is("Too Many Requests"))
                .body("detail", containsString("too many requests"))
                .extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter), lessThan(61));
        grace.request().post("/api/presence/offline").then().statusCode(429);
        TestUser.fresh("heidi").heartbeat();
    }

    @Test
    void everyEndpointRefusesCallersWithoutAValidToken() {
        given().post("/api/presence/heartbeat").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("status", is(401))
                .body("detail", is("a valid access token is required"));
        given().post("/api/presence/offline").then().statusCode(401).body("status", is(401));
        given().queryParam("users", "alice").get("/api/presence").then().statusCode(401).body("status", is(401));
        given().auth().oauth2("not.a.token").post("/api/presence/heartbeat").then().statusCode(401).body("status", is(401));
    }

    private static double heartbeatCount() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("miyu_heartbeats_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }
}
