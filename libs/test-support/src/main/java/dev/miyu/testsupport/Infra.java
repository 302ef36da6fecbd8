package dev.miyu.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One Kafka broker and one PostgreSQL server per test JVM, on free ports, in a temporary directory that is
 * removed when the JVM exits. Tests ask for a database by name; each is created once.
 * <p>
 * Quarkus loads test code in several class loaders (one per test profile), so the running servers are recorded in
 * system properties, which all loaders share, and every loader reuses them. A shutdown hook stops them at exit, and a
 * watchdog process does if the JVM dies without running its hooks (a killed surefire fork), so none outlives it.
 */
public final class Infra {

    private static final String ROOT = "miyu.test.root";
    private static final String KAFKA_PORT = "miyu.test.kafka.port";
    private static final String KAFKA_CONTROLLER_PORT = "miyu.test.kafka.controller-port";
    private static final String KAFKA_PID = "miyu.test.kafka.pid";
    private static final String PG_PORT = "miyu.test.postgres.port";
    private static final String PG_PASSWORD = "miyu-test";

    private static EmbeddedPostgres postgres;
    private static EmbeddedKafka kafka;

    private Infra() {
    }

    public static EmbeddedPostgres postgres() {
        synchronized (System.getProperties()) {
            if (postgres == null) {
                String port = System.getProperty(PG_PORT);
                EmbeddedPostgres pg = new EmbeddedPostgres(binariesCache(), root().resolve("postgres/data"),
                        port == null ? freePort() : Integer.parseInt(port), PG_PASSWORD);
                if (port == null) {
                    pg.start();
                    System.setProperty(PG_PORT, Integer.toString(pg.port()));
                    watchdog(pg.stopCommand());
                }
                postgres = pg;
            }
            return postgres;
        }
    }

    public static EmbeddedKafka kafka() {
        synchronized (System.getProperties()) {
            if (kafka == null) {
                String port = System.getProperty(KAFKA_PORT);
                EmbeddedKafka k = port == null
                        ? new EmbeddedKafka(root().resolve("kafka"), freePort(), freePort())
                        : new EmbeddedKafka(root().resolve("kafka"), Integer.parseInt(port), Integer.getInteger(KAFKA_CONTROLLER_PORT));
                if (port == null) {
                    k.start(Duration.ofSeconds(90));
                    System.setProperty(KAFKA_PORT, Integer.toString(k.port()));
                    System.setProperty(KAFKA_CONTROLLER_PORT, Integer.toString(k.controllerPort()));
                    System.setProperty(KAFKA_PID, Long.toString(k.pid()));
                    watchdog(List.of("kill", Long.toString(k.pid())));
                }
                kafka = k;
            }
            return kafka;
        }
    }

    /** Creates the database if it does not exist yet and returns the server holding it. */
    public static EmbeddedPostgres database(String name) {
        EmbeddedPostgres pg = postgres();
        pg.createDatabases(List.of(name));
        return pg;
    }

    /**
     * A port nobody listens on, never the same twice in this JVM. It is drawn below the kernel's
     * ephemeral range (32768+ on Linux) so that outgoing connections opened between choosing the
     * port and binding it cannot take it, and the handed-out set keeps one stack's ports distinct.
     */
    public static int freePort() {
        synchronized (HANDED_OUT) {
            for (int attempt = 0; attempt < 1000; attempt++) {
                int candidate = 20000 + ThreadLocalRandom.current().nextInt(12000);
                if (HANDED_OUT.contains(candidate)) {
                    continue;
                }
                try (ServerSocket socket = new ServerSocket()) {
                    socket.setReuseAddress(false);
                    socket.bind(new InetSocketAddress("127.0.0.1", candidate));
                } catch (IOException taken) {
                    continue;
                }
                HANDED_OUT.add(candidate);
                return candidate;
            }
            throw new IllegalStateException("no free port found between 20000 and 32000");
        }
    }

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private static Path root() {
        String existing = System.getProperty(ROOT);
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            Path root = Files.createTempDirectory("miyu-test-");
            // PostgreSQL may run as nobody and must be able to traverse into its data directory.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            System.setProperty(ROOT, root.toString());
            // One hook, whichever class loader started what: stop the broker, then the database, then delete.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                String kafkaPid = System.getProperty(KAFKA_PID);
                if (kafkaPid != null) {
                    ProcessHandle.of(Long.parseLong(kafkaPid)).ifPresent(Infra::terminate);
                }
                if (System.getProperty(PG_PORT) != null) {
                    postgres().stop();
                }
                EmbeddedPostgres.deleteTree(root);
            }, "miyu-test-infra-stop"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void terminate(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    /** Runs {@code command} once this JVM is gone, however it ended. */
    private static void watchdog(List<String> command) {
        long jvm = ProcessHandle.current().pid();
        String script = "while kill -0 " + jvm + " 2>/dev/null; do sleep 1; done; exec \"$@\"";
        var args = new java.util.ArrayList<>(List.of("sh", "-c", script, "miyu-test-watchdog"));
        args.addAll(command);
        try {
            new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path binariesCache() {
        return Path.of(System.getProperty("java.io.tmpdir"), "miyu-binaries");
    }
}
