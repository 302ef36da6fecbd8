package dev.miyu.system;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The user journeys of web-client/e2e/*.test.mjs in real Chromium (Debian's, driven by playwright-core) against the
 * packaged system as {@code ./miyu up} runs it. One test per journey file; each file registers its own users.
 * Screenshots go to target/screenshots.
 */
class BrowserJourneysIT {

    @TestFactory
    Stream<DynamicTest> journeys() throws IOException {
        SystemStack stack = SystemStack.shared();
        Path client = stack.root.resolve("web-client");
        List<Path> files;
        try (Stream<Path> listing = Files.list(client.resolve("e2e"))) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".test.mjs")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no journeys found in " + client.resolve("e2e"));
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(stack, client, file)));
    }

    private static void run(SystemStack stack, Path client, Path journey) throws Exception {
        Path work = Path.of(System.getProperty("miyu.work", "target")).toAbsolutePath();
        Path log = work.resolve("e2e-" + journey.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", client.relativize(journey).toString())
                .directory(client.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("MIYU_URL", stack.gatewayUrl());
        pb.environment().put("MIYU_PG_PORT", Integer.toString(stack.port("PG")));
        pb.environment().put("MIYU_DB_PASSWORD", Files.readString(stack.home.resolve("postgres/password")).trim());
        pb.environment().put("MIYU_SCREENSHOTS", work.resolve("screenshots").toString());
        Process process = pb.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertEquals(0, process.exitValue(), journey.getFileName() + " failed:\n" + output);
    }
}
