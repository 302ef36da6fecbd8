package dev.miyu.gateway;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/**
 * The alert rules against the fake services, with the test profile's short durations: ServiceNotReady after 2 s,
 * failed logins counted over 3 s, ConsumerLag after 2 s, webhook retries 50 ms apart. Alerts are global state, so
 * every test starts from a quiet system and leaves its alerts to resolve before the next one starts.
 */
@QuarkusTest
@WithTestResource(FakeServices.class)
class AlertsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration NOT_READY_FOR = Duration.ofSeconds(2);
    private static final String FAILED_LOGINS = "miyu_logins_total{outcome=\"failure\"}";
    private static final String SUCCESSFUL_LOGINS = "miyu_logins_total{outcome=\"success\"}";
    private static final String QUEUE_DEPTH = "miyu_relay_queue_depth";
    private static final String DIRECTORY_LAG =
            "kafka_consumer_fetch_manager_records_lag_max{client_id=\"kafka-consumer-directory\",kafka_version=\"4.1.2\"}";

    FakeServices services;

    @BeforeEach
    void quietSystem() {
        services.allUpAndReady();
        services.service("relay-service").setMetric(QUEUE_DEPTH, 0);
        services.service("friend-service").setMetric(DIRECTORY_LAG, 0);
        services.webhook().failFirstAttemptsOfEach(0);
        await().atMost(PATIENCE).untilAsserted(() -> RestAssured.get("/ops/alerts").then().body("alerts", empty()));
    }

    @Test
    void withEverythingWellThereAreNoAlerts() {
        RestAssured.get("/ops/alerts").then()
                .statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("alerts", empty());
        RestAssured.get("/q/metrics").then()
                .body(containsString("miyu_alerts_active 0.0"))
                .body(containsString("miyu_alert_notifications_total{outcome=\"delivered\"}"));
    }

    @Test
    void serviceNotReadyForLongEnoughFiresAndResolvesAndBothArePosted() {
        services.service("key-service").stop();
        RestAssured.get("/ops/status").then().statusCode(503);

        String since = awaitSince("ServiceNotReady", "key-service");
        assertTrue(Duration.between(Instant.parse(since), Instant.now()).compareTo(NOT_READY_FOR) >= 0,
                "listed only once it has not been ready for " + NOT_READY_FOR);
        RestAssured.get("/ops/alerts").then()
                .body("alerts.find { it.name == 'ServiceNotReady' }.severity", equalTo("critical"))
                .body("alerts.find { it.name == 'ServiceNotReady' }.summary", containsString("key-service"))
                .body("alerts.find { it.name == 'ServiceNotReady' }.labels", equalTo(Map.of("service", "key-service")));
        JsonObject firing = awaitNotification("firing", "ServiceNotReady", "key-service", since);
        assertEquals("critical", firing.getJsonObject("alert").getString("severity"));
        assertNull(firing.getValue("resolvedAt"));

        services.service("key-service").start();
        await().atMost(PATIENCE).until(() -> sinceOf("ServiceNotReady", "key-service") == null);
        JsonObject resolved = awaitNotification("resolved", "ServiceNotReady", "key-service", since);
        assertTrue(Instant.parse(resolved.getString("resolvedAt")).isAfter(Instant.parse(since)));
    }

    @Test
    void everyServiceThatIsNotReadyHasItsOwnAlert() {
        services.service("presence-service").setReady(false);
        services.service("relay-service").stop();
        await().atMost(PATIENCE).untilAsserted(() -> RestAssured.get("/ops/alerts").then()
                .body("alerts.labels.service", containsInAnyOrder("presence-service", "relay-service"))
                .body("alerts.name", everyItem(equalTo("ServiceNotReady")))
                .body("alerts.severity", everyItem(equalTo("critical"))));
    }

    @Test
    void burstOfFailedLoginsFiresLoginFailuresAndPostsIt() {
        FakeServices.Service auth = services.service("auth-service");
        auth.setMetric(SUCCESSFUL_LOGINS, auth.metric(SUCCESSFUL_LOGINS) + 1000);
        auth.setMetric(FAILED_LOGINS, auth.metric(FAILED_LOGINS) + 100);

        String since = awaitSince("LoginFailures", "auth-service");
        RestAssured.get("/ops/alerts").then()
                .body("alerts.find { it.name == 'LoginFailures' }.severity", equalTo("warning"))
                // The hundred failures, give or take an earlier test's last few; the thousand successes do not count.
                .body("alerts.find { it.name == 'LoginFailures' }.summary", matchesPattern("1\\d\\d failed logins .*"));
        awaitNotification("firing", "LoginFailures", "auth-service", since);

        // Nothing more fails, so the burst leaves the window and the alert ends by itself.
        awaitNotification("resolved", "LoginFailures", "auth-service", since);
    }

    @Test
    void counterStartingOverAfterARestartIsNoBurst() {
        FakeServices.Service auth = services.service("auth-service");
        auth.setMetric(FAILED_LOGINS, auth.metric(FAILED_LOGINS) + 1000);
        awaitSince("LoginFailures", "auth-service");
        await().atMost(PATIENCE).until(() -> sinceOf("LoginFailures", "auth-service") == null);

        auth.setMetric(FAILED_LOGINS, 5);
        await().during(Duration.ofMillis(1500)).atMost(PATIENCE)
                .until(() -> sinceOf("LoginFailures", "auth-service") == null);
    }

    @Test
    void webhookThatFailsAtFirstGetsTheNotificationOnARetry() {
        services.webhook().failFirstAttemptsOfEach(3);
        services.service("relay-service").setMetric(QUEUE_DEPTH, 20_000);

        String since = awaitSince("RelayQueueDeep", "relay-service");
        JsonObject firing = awaitNotification("firing", "RelayQueueDeep", "relay-service", since);
        assertEquals(4, services.webhook().attemptsAt(firing));
    }

    @Test
    void relayQueueDeeperThanTheThresholdFiresUntilItDrains() {
        services.service("relay-service").setMetric(QUEUE_DEPTH, 20_000);
        String since = awaitSince("RelayQueueDeep", "relay-service");
        RestAssured.get("/ops/alerts").then()
                .body("alerts.find { it.name == 'RelayQueueDeep' }.severity", equalTo("warning"))
                .body("alerts.find { it.name == 'RelayQueueDeep' }.summary", containsString("20000"));

        services.service("relay-service").setMetric(QUEUE_DEPTH, 10_000);
        await().atMost(PATIENCE).until(() -> sinceOf("RelayQueueDeep", "relay-service") == null);
        awaitNotification("resolved", "RelayQueueDeep", "relay-service", since);
    }

    @Test
    void consumerLagFiresOnceItHasLastedAndNamesTheConsumer() {
        services.service("friend-service").setMetric(DIRECTORY_LAG, 5_000);
        String since = awaitSince("ConsumerLag", "friend-service");
        assertTrue(Duration.between(Instant.parse(since), Instant.now()).compareTo(Duration.ofSeconds(2)) >= 0);
        RestAssured.get("/ops/alerts").then()
                .body("alerts.find { it.name == 'ConsumerLag' }.labels.client_id", equalTo("kafka-consumer-directory"))
                .body("alerts.find { it.name == 'ConsumerLag' }.summary", containsString("5000"));

        services.service("friend-service").setMetric(DIRECTORY_LAG, 3);
        await().atMost(PATIENCE).until(() -> sinceOf("ConsumerLag", "friend-service") == null);
    }

    @Test
    void alertsRevealNothingAboutTheWebhooksOrTheServicesChecks() {
        services.service("presence-service").setReady(false);
        awaitSince("ServiceNotReady", "presence-service");
        RestAssured.get("/ops/alerts").then()
                .body(not(containsString("/hooks/miyu")))
                .body(not(containsString("db.internal")))
                .body("alerts[0].keySet()", equalTo(Set.of("name", "severity", "summary", "since", "labels")));
    }

    private static String sinceOf(String name, String service) {
        return RestAssured.get("/ops/alerts").then().statusCode(200).extract()
                .path("alerts.find { it.name == '" + name + "' && it.labels.service == '" + service + "' }.since");
    }

    private static String awaitSince(String name, String service) {
        return await().atMost(PATIENCE).until(() -> sinceOf(name, service), Objects::nonNull);
    }

    /** The notification of this status about this very alert, once the webhook has taken it. */
    private JsonObject awaitNotification(String status, String name, String service, String since) {
        return await().atMost(PATIENCE).until(() -> services.webhook().delivered().stream()
                .filter(notification -> status.equals(notification.getString("status")))
                .filter(notification -> {
                    JsonObject alert = notification.getJsonObject("alert");
                    return name.equals(alert.getString("name")) && since.equals(alert.getString("since"))
                            && service.equals(alert.getJsonObject("labels").getString("service"));
                })
                .findFirst(), Optional::isPresent).orElseThrow();
    }
}
