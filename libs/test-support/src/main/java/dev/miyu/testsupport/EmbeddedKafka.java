package dev.miyu.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode, run as its own JVM from the jars of
 * {@code org.apache.kafka:kafka_2.13} (located through {@code libs/kafka-broker}).
 */
public final class EmbeddedKafka {

    private final Path home;
    private final int port;
    private final int controllerPort;
    private Process process;

    public EmbeddedKafka(Path home, int port, int controllerPort) {
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the log directory on first use, starts the broker and waits until it answers. */
    public void start(Duration timeout) {
        try {
            Files.createDirectories(home);
            Path config = writeConfig();
            Path logs = home.resolve("data");
            String classpath = ChildProcesses.resource("miyu/kafka.classpath");
            if (!Files.exists(logs.resolve("meta.properties"))) {
                ChildProcesses.run(List.of(java(), "-cp", classpath, "kafka.tools.StorageTool", "format",
                        "-t", randomClusterId(), "-c", config.toString(), "--ignore-formatted"), home, 120);
            }
            process = new ProcessBuilder(java(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                    "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                    "-cp", classpath, "kafka.Kafka", config.toString())
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("kafka.out").toFile())
                    .start();
            Files.writeString(home.resolve("kafka.pid"), Long.toString(process.pid()));
            awaitReady(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public long pid() {
        return process.pid();
    }

    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see " + home.resolve("kafka.out"));
            }
            try (Admin client = Admin.create(admin)) {
                client.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        stop();
        throw new IllegalStateException("Kafka broker not ready within " + timeout + "; see " + home.resolve("kafka.out"), last);
    }

    private Path writeConfig() throws IOException {
        Path config = home.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + home.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                ""));
        Files.writeString(home.resolve("log4j2.properties"), String.join("\n",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d{ISO8601} %-5p [%c{1}] %m%n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.out.ref=out",
                "logger.server.name=kafka.server.KafkaRaftServer",
                "logger.server.level=INFO",
                ""));
        return config;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Kafka's own generator: its ids never start with '-', which the storage tool would read as an option. */
    private static String randomClusterId() {
        return Uuid.randomUuid().toString();
    }
}
