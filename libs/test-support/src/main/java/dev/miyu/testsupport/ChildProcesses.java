package dev.miyu.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the helper programs of the local stack, dropping root privileges where a program refuses root. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * PostgreSQL refuses to run as root. When we are root, run it as {@code nobody} through {@code setpriv};
     * a developer's own account needs no such step.
     */
    static List<String> unprivileged(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=" + nobodyGroup(), "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    static String nobodyGroup() {
        try {
            return Files.readAllLines(Path.of("/etc/group")).stream().anyMatch(l -> l.startsWith("nogroup:")) ? "nogroup" : "nobody";
        } catch (IOException e) {
            return "nogroup";
        }
    }

    /** Hands a directory (recursively) to the unprivileged user when running as root. */
    static void giveToUnprivilegedUser(Path dir) {
        if (!runningAsRoot()) {
            return;
        }
        run(List.of("chown", "-R", "nobody:" + nobodyGroup(), dir.toString()), dir.getParent(), 60);
    }

    /** Runs a command to completion; on failure the exception carries its output. */
    static String run(List<String> command, Path workDir, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("miyu-cmd", ".log");
            try {
                Process p = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
                }
                String output = Files.readString(out);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("exit " + p.exitValue() + " from " + String.join(" ", command) + "\n" + output);
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Reads a classpath resource written at build time (a classpath file naming jars in the local repository). */
    static String resource(String name) {
        try (var in = ChildProcesses.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing build resource " + name + ": build libs/test-support with Maven first");
            }
            return new String(in.readAllBytes()).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
