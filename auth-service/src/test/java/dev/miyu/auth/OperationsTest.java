package dev.miyu.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miyu.events.AccountRegistered;
import dev.miyu.events.Topics;
import dev.miyu.testsupport.EventProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.miyu.auth.AuthApi.from;
import static dev.miyu.auth.AuthApi.login;
import static dev.miyu.auth.AuthApi.newClientIp;
import static dev.miyu.auth.AuthApi.newSecret;
import static dev.miyu.auth.AuthApi.newUsername;
import static dev.miyu.auth.AuthApi.refresh;
import static dev.miyu.auth.AuthApi.register;
import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operators rely on: readiness, metrics and the audit trail. */
@QuarkusTest
class OperationsTest {

    private final List<String> auditLines = new CopyOnWriteArrayList<>();
    private final Handler auditCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            auditLines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureAudit() {
        Logger.getLogger("audit").addHandler(auditCapture);
    }

    @AfterEach
    void releaseAudit() {
        Logger.getLogger("audit").removeHandler(auditCapture);
    }

    @Test
    void readinessCoversTheDatabaseKafkaAndTheSigningKey() {
        get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "Kafka connection health check", "Signing key"));
    }

    @Test
    void registrationsAndLoginsAreCounted() {
        String username = newUsername();
        String secret = newSecret();
        register(newClientIp(), username, secret).then().statusCode(201);
        login(newClientIp(), username, secret).then().statusCode(200);
        login(newClientIp(), username, newSecret()).then().statusCode(401);

        get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("miyu_registrations_total"))
                .body(containsString("miyu_logins_total{outcome=\"success\"}"))
                .body(containsString("miyu_logins_total{outcome=\"failure\"}"))
                .body(containsString("miyu_logins_total{outcome=\"throttled\"}"));
    }

    @Test
    void theGatewaysRequestIdTravelsWithTheEventItCaused() {
        String username = newUsername();
        String requestId = "req-" + UUID.randomUUID();
        String userId = from(newClientIp()).header("X-Request-Id", requestId)
                .body(Map.of("username", username, "email", username + "@example.org", "authSecret", newSecret()))
                .post("/api/auth/register")
                .then().statusCode(201).extract().path("userId");

        ConsumerRecord<String, String> record = EventProbe.awaitRecord(Topics.ACCOUNTS,
                event -> event instanceof AccountRegistered registered && registered.userId().toString().equals(userId),
                Duration.ofSeconds(30));
        Header header = record.headers().lastHeader("miyu-request-id");
        assertEquals(requestId, header == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        assertEquals(userId, record.key());
    }

    @Test
    void theAuditTrailSaysWhoFromWhereAndWithWhatOutcomeButHoldsNoSecret() {
        String clientIp = newClientIp();
        String username = newUsername();
        String secret = newSecret();
        String userId = register(clientIp, username, secret).then().statusCode(201).extract().path("userId");
        login(clientIp, username, newSecret()).then().statusCode(401);
        Response session = login(clientIp, username, secret).then().statusCode(200).extract().response();
        String refreshed = refresh(clientIp, session.path("refreshToken")).then().statusCode(200).extract().path("refreshToken");
        from(clientIp).body(Map.of("refreshToken", refreshed)).post("/api/auth/logout").then().statusCode(204);

        List<Map<String, Object>> entries = auditLines.stream()
                .filter(line -> line.contains(clientIp))
                .map(OperationsTest::json)
                .toList();
        assertEquals(List.of("register/success", "login/failure", "login/success", "refresh/success", "logout/success"),
                entries.stream().map(entry -> entry.get("action") + "/" + entry.get("outcome")).toList());
        assertTrue(entries.stream().allMatch(entry -> userId.equals(entry.get("userId"))));
        assertEquals("wrong-secret", entries.get(1).get("reason"));
        for (String line : auditLines) {
            assertFalse(line.contains(secret), "no auth secret in " + line);
            assertFalse(line.contains((String) session.path("accessToken")), "no access token in " + line);
            assertFalse(line.contains((String) session.path("refreshToken")), "no refresh token in " + line);
            assertFalse(line.contains(refreshed), "no refresh token in " + line);
            assertFalse(line.contains("$argon2id"), "no verifier in " + line);
        }
    }

    private static Map<String, Object> json(String line) {
        try {
            return new ObjectMapper().readValue(line, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new AssertionError("audit line is not JSON: " + line, e);
        }
    }
}
