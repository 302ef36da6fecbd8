package dev.miyu.relay.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Load and correctness check of the message path through a running stack (gateway in front): one sender streams N
 * messages to one recipient over {@code /ws}; the recipient drops its connection and reconnects a few times during
 * the run. At the end every message must have arrived exactly once after de-duplication by id, in the order sent.
 * Prints throughput and end-to-end latency percentiles. Not a test: run it by hand against a stack you started.
 *
 * <pre>
 * RelayBenchmark --gateway http://127.0.0.1:8080 [--messages 10000] [--reconnects 3] [--window 64]
 *                [--body-bytes 256] [--timeout-seconds 600]
 *                [--token-a TOKEN --token-b TOKEN --user-b USERNAME]   (two users who are already friends)
 * </pre>
 * Without tokens it registers two fresh users and makes them friends through friend-service.
 * Exit status 0 when nothing was lost, duplicated (after de-duplication) or reordered. From the repository root:
 * <pre>
 * mvn -B -q -pl relay-service test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
 * java -cp relay-service/target/test-classes:$(cat relay-service/target/bench.classpath) \
 *      dev.miyu.relay.bench.RelayBenchmark --gateway http://127.0.0.1:8080
 * </pre>
 * The relay allows 20 sends per second per connection by default; measure throughput with
 * {@code MIYU_RELAY_MESSAGES_PER_SECOND} raised on the relay, or the run is paced by its rate-limited answers.
 */
public final class RelayBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int HEADER_BYTES = 16;

    private final URI gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient sockets = vertx.createWebSocketClient();

    private RelayBenchmark(URI gateway) {
        this.gateway = gateway;
    }

    public static void main(String[] args) throws Exception {
        System.exit(execute(args));
    }

    /** Runs the benchmark and returns the exit status. */
    static int execute(String... args) throws Exception {
        Map<String, String> options = options(args);
        URI gateway = URI.create(options.getOrDefault("gateway", "http://127.0.0.1:8080"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "10000"));
        int reconnects = Integer.parseInt(options.getOrDefault("reconnects", "3"));
        int window = Integer.parseInt(options.getOrDefault("window", "64"));
        int bodyBytes = Math.max(HEADER_BYTES, Integer.parseInt(options.getOrDefault("body-bytes", "256")));
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-seconds", "600")));

        RelayBenchmark bench = new RelayBenchmark(gateway);
        int status;
        try {
            Pair pair = options.containsKey("token-a")
                    ? new Pair(options.get("token-a"), options.get("token-b"), require(options, "user-b"))
                    : bench.registerFriends();
            status = bench.run(pair, messages, reconnects, window, bodyBytes, timeout);
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return status;
    }

    /** Sender's token, recipient's token and the recipient's username. */
    private record Pair(String senderToken, String recipientToken, String recipient) {
    }

    // ---- setup through the public API -------------------------------------------------------------------------

    private Pair registerFriends() throws IOException, InterruptedException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String a = "bench-a-" + suffix;
        String b = "bench-b-" + suffix;
        String tokenA = registerAndLogIn(a);
        String tokenB = registerAndLogIn(b);
        JsonNode request = requestOnceBothAreInTheDirectory(tokenA, b);
        post("/api/friends/requests/" + request.get("id").asText() + "/accept", tokenB, null, 200);
        System.out.printf("registered %s and %s and made them friends%n", a, b);
        return new Pair(tokenA, tokenB, b);
    }

    /** The directory is a projection of account events: a user registered a moment ago may not be in it yet. */
    private JsonNode requestOnceBothAreInTheDirectory(String token, String to) {
        return await("both users in the directory").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreException(IOException.class)
                .until(() -> post("/api/friends/requests", token, Map.of("to", to), 201), Objects::nonNull);
    }

    private String registerAndLogIn(String username) throws IOException, InterruptedException {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String authSecret = Base64.getEncoder().encodeToString(secret);
        post("/api/auth/register", null, Map.of("username", username, "email", username + "@bench.invalid", "authSecret", authSecret), 201);
        return post("/api/auth/login", null, Map.of("username", username, "authSecret", authSecret), 200).get("accessToken").asText();
    }

    private JsonNode post(String path, String token, Object body, int expected) throws IOException, InterruptedException {
        try {
            return postAsync(path, token, body, expected).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("POST " + path + " failed", e);
        }
    }

    private CompletionStage<JsonNode> postAsync(String path, String token, Object body, int expected) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != expected) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : read(response.body());
        });
    }

    /** A fresh ticket, then the socket; callbacks stay on the calling event loop. */
    private Future<WebSocket> connect(String token) {
        Context context = vertx.getOrCreateContext();
        try {
            return Future.fromCompletionStage(postAsync("/api/relay/ticket", token, null, 200), context)
                    .compose(ticket -> sockets.connect(new WebSocketConnectOptions()
                            .setAbsoluteURI(gateway.resolve("/ws?ticket=" + URLEncoder.encode(ticket.get("ticket").asText(), StandardCharsets.UTF_8))
                                    .toString().replaceFirst("^http", "ws"))
                            .setAllowOriginHeader(false)));
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
    }

    // ---- the run ----------------------------------------------------------------------------------------------

    private int run(Pair pair, int messages, int reconnects, int window, int bodyBytes, Duration timeout) throws Exception {
        Recipient recipient = new Recipient(pair.recipientToken(), messages, reconnects);
        Sender sender = new Sender(pair.senderToken(), pair.recipient(), messages, window, bodyBytes);
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Void> started = new CompletableFuture<>();
        context.runOnContext(ignored -> recipient.open()
                .compose(opened -> sender.open())
                .onSuccess(opened -> started.complete(null))
                .onFailure(started::completeExceptionally));
        started.get(60, TimeUnit.SECONDS);
        long begin = System.nanoTime();
        try {
            recipient.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            System.out.printf("timed out after %s%n", timeout);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return recipient.report(sender, seconds);
    }

    /**
     * Streams the messages with at most {@code window} unanswered. What is refused for a passing reason is resent
     * later with the same id and the same bytes, so its latency counts from the first attempt.
     */
    private final class Sender {
        private final String token;
        private final String to;
        private final int total;
        private final int window;
        private final int bodyBytes;
        private final Map<String, String> unanswered = new HashMap<>();
        private WebSocket socket;
        private int next;
        private int accepted;
        private int retries;

        Sender(String token, String to, int total, int window, int bodyBytes) {
            this.token = token;
            this.to = to;
            this.total = total;
            this.window = window;
            this.bodyBytes = bodyBytes;
        }

        Future<Void> open() {
            return connect(token).map(ws -> {
                socket = ws;
                ws.textMessageHandler(this::onFrame);
                fill();
                return null;
            });
        }

        private void fill() {
            while (unanswered.size() < window && next < total) {
                ByteBuffer body = ByteBuffer.allocate(bodyBytes);
                // The index only makes a body readable when debugging; the checks use ids and seq.
                body.putLong(next++).putLong(System.nanoTime());
                send(UUID.randomUUID().toString(), Base64.getEncoder().encodeToString(body.array()));
            }
        }

        private void send(String id, String body) {
            unanswered.put(id, body);
            socket.writeTextMessage(JSON.createObjectNode().put("type", "send").put("id", id).put("to", to).put("body", body).toString());
        }

        private void onFrame(String text) {
            JsonNode frame = read(text);
            String id = frame.path("id").asText();
            String body = unanswered.remove(id);
            if (body == null) {
                return;
            }
            if ("accepted".equals(frame.path("type").asText())) {
                accepted++;
                fill();
                return;
            }
            String code = frame.path("code").asText();
            if (!Set.of("rate-limited", "queue-full", "unavailable", "not-friends").contains(code)) {
                throw new IllegalStateException("a message was rejected: " + frame);
            }
            // not-friends can happen for a moment after befriending: the relay's projection follows an event.
            retries++;
            vertx.setTimer(code.equals("rate-limited") ? 50 : 250, timer -> send(id, body));
        }
    }

    /**
     * Receives, acknowledges, drops duplicates by id and checks order; drops and reopens its socket along the way.
     * Order is the relay's: {@code seq} must rise on every connection, and a message seen for the first time must
     * never have a smaller {@code seq} than one seen before (nothing overtaken). A message refused for a passing
     * reason and resent is accepted later than its successors, so the order checked is acceptance order.
     */
    private final class Recipient {
        private final String token;
        private final int total;
        private final List<Integer> dropPoints = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private final long[] latencies;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private WebSocket socket;
        private long lastSeqOnConnection;
        private long highestNewSeq;
        private int delivered;
        private int unique;
        private int outOfOrder;
        private int reconnected;

        Recipient(String token, int total, int reconnects) {
            this.token = token;
            this.total = total;
            this.latencies = new long[total];
            for (int i = 1; i <= reconnects; i++) {
                dropPoints.add(total * i / (reconnects + 1));
            }
        }

        Future<Void> open() {
            Promise<Void> opened = Promise.promise();
            connect(token).onSuccess(ws -> {
                socket = ws;
                // A new connection first delivers again what the last one left unacknowledged.
                lastSeqOnConnection = 0;
                ws.textMessageHandler(this::onFrame);
                opened.complete();
            }).onFailure(opened::fail);
            return opened.future();
        }

        private void onFrame(String text) {
            JsonNode frame = read(text);
            if (!"deliver".equals(frame.path("type").asText())) {
                return;
            }
            delivered++;
            long seq = frame.get("seq").asLong();
            if (seq <= lastSeqOnConnection) {
                outOfOrder++;
            }
            lastSeqOnConnection = seq;
            if (seen.add(frame.get("id").asText())) {
                if (seq < highestNewSeq) {
                    outOfOrder++;
                }
                highestNewSeq = seq;
                ByteBuffer body = ByteBuffer.wrap(Base64.getDecoder().decode(frame.get("body").asText()));
                body.getLong();
                latencies[unique++] = System.nanoTime() - body.getLong();
            }
            if (!dropPoints.isEmpty() && unique >= dropPoints.get(0)) {
                dropPoints.remove(0);
                reconnect();
                return;
            }
            socket.writeTextMessage(JSON.createObjectNode().put("type", "ack").put("id", frame.get("id").asText()).toString());
            if (unique == total) {
                done.complete(null);
            }
        }

        /** Drops the socket without acknowledging the last envelope, then opens a new one with a new ticket. */
        private void reconnect() {
            WebSocket old = socket;
            old.textMessageHandler(ignored -> { });
            old.close().onComplete(closed -> open()
                    .onSuccess(opened -> reconnected++)
                    .onFailure(done::completeExceptionally));
        }

        int report(Sender sender, double seconds) {
            long[] measured = Arrays.copyOf(latencies, unique);
            Arrays.sort(measured);
            int lost = total - unique;
            System.out.printf("messages      %d sent, %d accepted, %d resent after a passing refusal%n", total, sender.accepted, sender.retries);
            System.out.printf("received      %d frames, %d unique, %d redelivered (dropped by id), %d reconnects%n",
                    delivered, unique, delivered - unique, reconnected);
            System.out.printf("lost          %d%n", lost);
            System.out.printf("out of order  %d%n", outOfOrder);
            System.out.printf("throughput    %.0f messages/s over %.1f s%n", unique / seconds, seconds);
            if (measured.length > 0) {
                System.out.printf("latency ms    p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                        percentile(measured, 50), percentile(measured, 90), percentile(measured, 99), measured[measured.length - 1] / 1e6);
            }
            boolean ok = lost == 0 && outOfOrder == 0;
            System.out.println(ok ? "OK" : "FAILED");
            return ok ? 0 : 1;
        }
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON from the relay: " + text, e);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required with --token-a");
        }
        return value;
    }
}
