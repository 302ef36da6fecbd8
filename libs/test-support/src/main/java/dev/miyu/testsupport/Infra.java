package dev.miyu.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Kafka broker and one PostgreSQL server per test JVM, on free ports, in a temporary directory that is
 * removed when the JVM exits. Tests ask for a database by name; each is created once.
 */
public final class Infra {

    private static Path root;
    private static EmbeddedPostgres postgres;
    private static EmbeddedKafka kafka;
    private static final Set<String> databases = ConcurrentHashMap.newKeySet();

    private Infra() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            EmbeddedPostgres pg = new EmbeddedPostgres(binariesCache(), root().resolve("postgres/data"), freePort(), "miyu-test");
            pg.start();
            postgres = pg;
        }
        return postgres;
    }

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            EmbeddedKafka k = new EmbeddedKafka(root().resolve("kafka"), freePort(), freePort());
            k.start(Duration.ofSeconds(90));
            kafka = k;
        }
        return kafka;
    }

    /** Creates the database on first request and returns the server holding it. */
    public static EmbeddedPostgres database(String name) {
        EmbeddedPostgres pg = postgres();
        if (databases.add(name)) {
            pg.createDatabases(List.of(name));
        }
        return pg;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("miyu-test-");
                // PostgreSQL may run as nobody and must be able to traverse into its data directory.
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(Infra::shutdown, "miyu-test-infra-stop"));
        }
        return root;
    }

    private static synchronized void shutdown() {
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        EmbeddedPostgres.deleteTree(root);
    }

    private static Path binariesCache() {
        return Path.of(System.getProperty("java.io.tmpdir"), "miyu-binaries");
    }
}
