package dev.miyu.system;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `./miyu down` stops exactly what `up` started, and the data survives a restart. */
class StackLifecycleIT {

    @Test
    void downStopsEveryProcessAndDataSurvivesARestart() throws Exception {
        SystemStack stack = new SystemStack("miyu-lifecycle");
        String username = "restart_" + System.nanoTime() % 1_000_000;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String authSecret = Base64.getEncoder().encodeToString(secret);

        stack.up();
        try {
            given().baseUri(stack.gatewayUrl()).contentType(ContentType.JSON)
                    .body(Map.of("username", username, "email", username + "@example.org", "authSecret", authSecret))
                    .post("/api/auth/register").then().statusCode(201);
            List<Long> pids = new ArrayList<>(stack.recordedPids());
            pids.add(Long.parseLong(Files.readAllLines(stack.home.resolve("postgres/data/postmaster.pid")).get(0).trim()));
            assertEquals(8, pids.size(), "six services, Kafka and PostgreSQL: " + pids);

            stack.down();
            // A stopped process can linger briefly as a zombie until its (re)parent reaps it.
            await("processes stopped by down").atMost(Duration.ofSeconds(15)).until(() -> running(pids), List::isEmpty);
            assertTrue(stack.recordedPids().isEmpty());

            stack.up();
            given().baseUri(stack.gatewayUrl()).contentType(ContentType.JSON)
                    .body(Map.of("username", username, "authSecret", authSecret))
                    .post("/api/auth/login").then().statusCode(200);
        } finally {
            stack.down();
        }
    }

    /** The pids still running; a zombie (exited, not yet reaped) is not running. */
    private static List<Long> running(List<Long> pids) {
        return pids.stream().filter(pid -> {
            try {
                String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException gone) {
                return false;
            }
        }).toList();
    }
}
