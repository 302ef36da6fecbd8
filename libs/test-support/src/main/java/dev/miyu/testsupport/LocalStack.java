package dev.miyu.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line used by {@code ./miyu} to start and stop the broker and database of the local stack.
 * The started processes outlive this JVM; {@code ./miyu down} stops them.
 *
 * <pre>
 * postgres-start --home DIR --port N --password PW --databases a,b
 * postgres-stop  --home DIR
 * kafka-start    --home DIR --port N --controller-port N
 * </pre>
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            usage();
        }
        Map<String, String> opts = options(Arrays.copyOfRange(args, 1, args.length));
        Path home = Path.of(require(opts, "home")).toAbsolutePath();
        switch (args[0]) {
            case "postgres-start" -> {
                EmbeddedPostgres pg = postgres(home, opts);
                pg.start();
                pg.createDatabases(List.of(require(opts, "databases").split(",")));
                System.out.println("postgres ready on 127.0.0.1:" + pg.port());
            }
            case "postgres-stop" -> postgres(home, opts).stop();
            case "kafka-start" -> {
                EmbeddedKafka kafka = new EmbeddedKafka(home.resolve("kafka"), Integer.parseInt(require(opts, "port")),
                        Integer.parseInt(require(opts, "controller-port")));
                kafka.start(Duration.ofSeconds(120));
                System.out.println("kafka ready on " + kafka.bootstrapServers() + " (pid " + kafka.pid() + ")");
            }
            default -> usage();
        }
    }

    private static EmbeddedPostgres postgres(Path home, Map<String, String> opts) {
        return new EmbeddedPostgres(home.resolve("bin"), home.resolve("postgres/data"),
                Integer.parseInt(opts.getOrDefault("port", "5432")), opts.getOrDefault("password", ""));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage();
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private static String require(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            System.err.println("missing --" + name);
            usage();
        }
        return value;
    }

    private static void usage() {
        System.err.println("usage: LocalStack postgres-start|postgres-stop|kafka-start --home DIR [options]");
        System.exit(2);
    }
}
