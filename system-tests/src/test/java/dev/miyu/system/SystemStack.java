package dev.miyu.system;

import dev.miyu.testsupport.Infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged system started by {@code ./miyu up --detach} on free ports with its own MIYU_HOME.
 * {@link #shared()} is one stack per test JVM, stopped by {@code ./miyu down} when the JVM exits.
 */
final class SystemStack {

    private static SystemStack instance;

    final Path root = Path.of(System.getProperty("miyu.root", "..")).toAbsolutePath().normalize();
    final Path home;
    final Map<String, String> env = new HashMap<>();

    SystemStack(String name) {
        home = Path.of(System.getProperty("miyu.work", "target")).toAbsolutePath().resolve(name);
        for (String port : List.of("GATEWAY", "AUTH", "KEYS", "FRIENDS", "PRESENCE", "RELAY", "PG", "KAFKA", "KAFKA_CONTROLLER")) {
            env.put("MIYU_" + port + "_PORT", Integer.toString(Infra.freePort()));
        }
        env.put("MIYU_HOME", home.toString());
        // every test user registers from 127.0.0.1: lift the per-address limits meant for the public internet
        env.put("MIYU_REGISTRATIONS_MAX", "10000");
        env.put("MIYU_AUTH_RATE_LIMIT", "10000");
    }

    static synchronized SystemStack shared() {
        if (instance == null) {
            SystemStack stack = new SystemStack("miyu-shared");
            stack.up();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::down, "miyu-down"));
            instance = stack;
        }
        return instance;
    }

    void up() {
        miyu(List.of("up", "--detach"), 420);
    }

    void down() {
        miyu(List.of("down"), 180);
    }

    /** Pids recorded by {@code ./miyu up} for the processes it started. */
    List<Long> recordedPids() throws IOException {
        Path run = home.resolve("run");
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (var files = Files.list(run)) {
            return files.filter(f -> f.toString().endsWith(".pid")).map(f -> {
                try {
                    return Long.parseLong(Files.readString(f).trim());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + env.get("MIYU_GATEWAY_PORT");
    }

    int port(String name) {
        return Integer.parseInt(env.get("MIYU_" + name + "_PORT"));
    }

    /** Runs {@code ./miyu} with this stack's environment; its output goes to a log under MIYU_HOME. */
    String miyu(List<String> args, int timeoutSeconds) {
        try {
            Files.createDirectories(home);
            Path log = home.resolve("miyu-command.log");
            var command = new java.util.ArrayList<String>();
            command.add(root.resolve("miyu").toString());
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("./miyu " + args + " timed out; see " + log);
            }
            String output = Files.readString(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("./miyu " + args + " failed with " + p.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
