package dev.miyu.system;

import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** What an SRE sees when something breaks: status, alerts, and webhook notifications, on the packaged system. */
class AlertingIT {

    static final List<String> notifications = new CopyOnWriteArrayList<>();
    static HttpServer webhook;
    static SystemStack stack;

    @BeforeAll
    static void startSystemWithAWebhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            notifications.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        stack = new SystemStack("miyu-alerting");
        stack.env.put("MIYU_ALERT_WEBHOOKS", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
        stack.env.put("MIYU_ALERT_NOT_READY_FOR", "3s");
        stack.env.put("MIYU_ALERT_INTERVAL", "1s");
        stack.env.put("MIYU_ALERT_LOGIN_FAILURES", "5");
        stack.up();
    }

    @AfterAll
    static void stop() {
        stack.down();
        webhook.stop(0);
    }

    @Test
    void aStoppedServiceIsReportedAndAlertedThenResolvedAfterRestart() throws IOException {
        // Services may have been alerted on while the stack started; only what follows the crash counts.
        int seen = notifications.size();
        long pid = Long.parseLong(Files.readString(stack.home.resolve("run/presence-service.pid")).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.gatewayUrl()).get("/ops/status")
                .then().statusCode(503).body("services.find { it.name == 'presence-service' }.status", not(is("UP"))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(stack.gatewayUrl()).get("/ops/alerts")
                .then().statusCode(200).body("alerts.name", hasItem("ServiceNotReady")));
        await().atMost(Duration.ofSeconds(60)).until(() -> notified(seen, "firing", "presence-service"));

        stack.miyu(List.of("restart", "presence-service"), 300);

        await().atMost(Duration.ofSeconds(60)).until(() -> notified(seen, "resolved", "presence-service"));
        given().baseUri(stack.gatewayUrl()).get("/ops/status").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void aBurstOfFailedLoginsFiresTheLoginAlert() {
        int seen = notifications.size();
        String username = "victim_" + System.nanoTime() % 1_000_000;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        given().baseUri(stack.gatewayUrl()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", username + "@example.org",
                        "authSecret", Base64.getEncoder().encodeToString(secret)))
                .post("/api/auth/register").then().statusCode(201);
        byte[] wrong = new byte[32];
        for (int attempt = 0; attempt < 8; attempt++) {
            given().baseUri(stack.gatewayUrl()).contentType(ContentType.JSON)
                    .body(Map.of("username", username, "authSecret", Base64.getEncoder().encodeToString(wrong)))
                    .post("/api/auth/login").then().statusCode(is(401));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(stack.gatewayUrl()).get("/ops/alerts")
                .then().statusCode(200).body("alerts.name", hasItem("LoginFailures")));
        await().atMost(Duration.ofSeconds(60)).until(() -> notified(seen, "firing", "LoginFailures"));
    }

    private static boolean notified(int since, String status, String mentioning) {
        return notifications.subList(since, notifications.size()).stream().anyMatch(n -> n.contains("\"status\":\"" + status + "\"") && n.contains(mentioning));
    }
}
