package dev.miyu.presence;

import dev.miyu.events.PresenceChanged;
import dev.miyu.testsupport.EmbeddedPostgres;
import dev.miyu.testsupport.Infra;
import dev.miyu.testsupport.TestTokens;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;

/**
 * The packaged service started twice, as two processes on one database and one broker, the way it runs with two
 * replicas: heartbeats of the same users land on both instances at once, both instances sweep, and still every
 * user's coming online and going offline is published exactly once.
 */
class PresenceInstancesIT {

    private static final String DATABASE = "miyu_presence_it";
    private static final Duration EVENTS = Duration.ofSeconds(60);
    private static final List<Instance> instances = new ArrayList<>();

    private record Instance(String id, int port, Process process, Path log) {

        RequestSpecification as(TestUser user) {
            return given().baseUri("http://127.0.0.1:" + port).auth().oauth2(TestTokens.forUser(user.id(), user.name()));
        }

        boolean ready() {
            if (!process.isAlive()) {
                throw new IllegalStateException(id + " exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                return given().baseUri("http://127.0.0.1:" + port).get("/q/health/ready").statusCode() == 200;
            } catch (Exception notListeningYet) {
                return false;
            }
        }
    }

    @BeforeAll
    static void startTwoInstances() throws IOException {
        for (String id : List.of("presence-it-a", "presence-it-b")) {
            instances.add(start(id));
        }
        for (Instance instance : instances) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(instance::ready);
        }
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        for (Instance instance : instances) {
            instance.process().destroy();
        }
        for (Instance instance : instances) {
            if (!instance.process().waitFor(30, TimeUnit.SECONDS)) {
                instance.process().destroyForcibly();
            }
        }
    }

    @Test
    void heartbeatsSpreadOverTwoInstancesPublishOneOnlineAndOneOfflineEventPerUser() throws Exception {
        List<TestUser> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(TestUser.fresh("twin" + i));
        }

        ExecutorService threads = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> heartbeats = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (TestUser user : users) {
                    for (Instance instance : instances) {
                        heartbeats.add(threads.submit(() -> instance.as(user).post("/api/presence/heartbeat").statusCode()));
                    }
                }
            }
            for (Future<Integer> heartbeat : heartbeats) {
                assertThat(heartbeat.get(), is(204));
            }
        } finally {
            threads.shutdownNow();
        }

        PresenceTable table = new PresenceTable(DATABASE);
        for (TestUser user : users) {
            List<PresenceChanged> expired = PresenceEventLog.until(user.id(), e -> !e.online(), EVENTS);
            assertThat(user.name(), PresenceEventLog.describe(expired), is("on, off"));
            assertThat(table.row(user.id()).get("instance_id"), is(oneOf("presence-it-a", "presence-it-b")));
        }
        // One more heartbeat per user ends each log with a known event, so a duplicate anywhere before it would show.
        for (TestUser user : users) {
            instances.get(1).as(user).post("/api/presence/heartbeat").then().statusCode(204);
        }
        for (TestUser user : users) {
            List<PresenceChanged> events = PresenceEventLog.until(user.id(), PresenceEventLog.nth(3), EVENTS);
            assertThat(user.name(), PresenceEventLog.describe(events), is("on, off, on"));
        }
    }

    private static Instance start(String id) throws IOException {
        EmbeddedPostgres pg = Infra.database(DATABASE);
        int port = Infra.freePort();
        Path log = Path.of("target", id + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("MIYU_DB_HOST", "127.0.0.1");
        env.put("MIYU_DB_PORT", String.valueOf(pg.port()));
        env.put("MIYU_DB_USER", EmbeddedPostgres.USER);
        env.put("MIYU_DB_PASSWORD", pg.password());
        env.put("MIYU_DB_NAME", DATABASE);
        env.put("MIYU_KAFKA_BOOTSTRAP", Infra.kafka().bootstrapServers());
        env.put("MIYU_PRESENCE_PORT", String.valueOf(port));
        env.put("MIYU_JWKS_URL", TestTokens.jwksLocation());
        env.put("MIYU_INSTANCE_ID", id);
        env.put("MIYU_PRESENCE_TIMEOUT", "3s");
        env.put("MIYU_PRESENCE_SWEEP_INTERVAL", "1s");
        return new Instance(id, port, builder.start(), log);
    }
}
