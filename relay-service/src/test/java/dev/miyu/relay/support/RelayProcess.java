package dev.miyu.relay.support;

import dev.miyu.testsupport.EmbeddedPostgres;
import dev.miyu.testsupport.Infra;
import dev.miyu.testsupport.TestTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The packaged relay ({@code target/quarkus-app}) running as a process of its own, as it runs in production. */
public final class RelayProcess {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final int port;
    private final Process process;

    private RelayProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts an instance against the per-JVM broker and the given database; its output goes to target/it-logs. */
    public static RelayProcess start(String name, String database) {
        EmbeddedPostgres postgres = Infra.database(database);
        int port = Infra.freePort();
        try {
            Path logs = Files.createDirectories(MODULE.resolve("target/it-logs"));
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-jar", MODULE.resolve("target/quarkus-app/quarkus-run.jar").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("relay-" + name + ".log").toFile()));
            builder.environment().putAll(Map.of(
                    "MIYU_DB_HOST", "127.0.0.1",
                    "MIYU_DB_PORT", Integer.toString(postgres.port()),
                    "MIYU_DB_USER", EmbeddedPostgres.USER,
                    "MIYU_DB_PASSWORD", postgres.password(),
                    "MIYU_DB_NAME", database,
                    "MIYU_KAFKA_BOOTSTRAP", Infra.kafka().bootstrapServers(),
                    "MIYU_RELAY_PORT", Integer.toString(port),
                    "MIYU_JWKS_URL", TestTokens.jwksLocation()));
            return new RelayProcess(name, port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Waits until the instance reports ready: migrated, connected, and reading its live events. */
    public RelayProcess awaitReady() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("relay " + name + " exited with " + process.exitValue() + "; see target/it-logs");
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(base().resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
                return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the broker or the database. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
