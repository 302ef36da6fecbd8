package dev.miyu.relay.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A test's WebSocket client for {@code /ws}: sends frames, keeps every frame received, and waits (with a deadline)
 * for the next one of a type. Usable in Quarkus tests, process-level tests and the benchmark alike.
 */
public final class RelayClient implements AutoCloseable {

    public record CloseStatus(Short code, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocketClient client;
    private final WebSocket socket;
    private final List<JsonNode> received = new ArrayList<>();
    private final List<Boolean> taken = new ArrayList<>();
    private CloseStatus closeStatus;

    private RelayClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(this::onText);
        socket.closeHandler(ignored -> onClose(new CloseStatus(socket.closeStatusCode(), socket.closeReason())));
    }

    /** Opens {@code /ws} with the ticket; {@code origin} null sends no Origin header (a non-browser client). */
    public static RelayClient connect(Vertx vertx, URI base, String ticket, String origin) {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(4 * 1024 * 1024));
        try {
            // Handlers go on in the connect callback, on the event loop: the relay starts delivering at once, and a
            // frame arriving before there is a handler would be dropped.
            return await(client.connect(options(base, ticket, origin)).map(socket -> new RelayClient(client, socket)));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Attempts the upgrade and returns the HTTP status it was refused with; fails if it was accepted. */
    public static int refusal(Vertx vertx, URI base, String ticket, String origin) {
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            WebSocket socket = await(client.connect(options(base, ticket, origin)));
            socket.close();
            throw new AssertionError("the upgrade was accepted");
        } catch (UpgradeRefused refused) {
            return refused.status;
        } finally {
            client.close();
        }
    }

    public void send(Map<String, ?> frame) {
        try {
            sendText(JSON.writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public void sendText(String text) {
        await(socket.writeTextMessage(text));
    }

    /** The first frame of this type not returned before, waiting for it until the timeout. */
    public JsonNode awaitFrame(String type, Duration timeout) {
        return awaitFrame(type, frame -> true, timeout);
    }

    public JsonNode awaitFrame(String type, Predicate<JsonNode> match, Duration timeout) {
        return awaitFrame(frame -> type.equals(frame.path("type").asText()) && match.test(frame), timeout, type);
    }

    /** The server's answer (accepted or rejected) to the send with this id. */
    public JsonNode awaitAnswer(String id, Duration timeout) {
        return awaitFrame(frame -> id.equals(frame.path("id").asText())
                && ("accepted".equals(frame.path("type").asText()) || "rejected".equals(frame.path("type").asText())),
                timeout, "answer to " + id);
    }

    private synchronized JsonNode awaitFrame(Predicate<JsonNode> match, Duration timeout, String description) {
        Instant deadline = Instant.now().plus(timeout);
        int from = 0;
        while (true) {
            for (int i = from; i < received.size(); i++) {
                JsonNode frame = received.get(i);
                if (!taken.get(i) && match.test(frame)) {
                    taken.set(i, true);
                    return frame;
                }
            }
            from = received.size();
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                throw new AssertionError("no " + description + " frame within " + timeout + "; received " + received);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + description, e);
            }
        }
    }

    /** Every frame of this type received so far, whether returned by {@link #awaitFrame} or not. */
    public synchronized List<JsonNode> received(String type) {
        return received.stream().filter(frame -> type.equals(frame.path("type").asText())).toList();
    }

    /** Waits for the server to close the socket. */
    public synchronized CloseStatus awaitClose(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (closeStatus == null) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                throw new AssertionError("socket still open after " + timeout);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the close", e);
            }
        }
        return closeStatus;
    }

    public synchronized boolean isClosed() {
        return closeStatus != null;
    }

    /** Drops the connection from the client side, as a browser tab that goes away would. */
    @Override
    public void close() {
        if (!isClosed()) {
            try {
                await(socket.close());
            } catch (RuntimeException e) {
                // already gone
            }
        }
        client.close();
    }

    private synchronized void onText(String text) {
        try {
            received.add(JSON.readTree(text));
            taken.add(false);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the relay sent a frame that is not JSON: " + text, e);
        }
        notifyAll();
    }

    private synchronized void onClose(CloseStatus status) {
        closeStatus = status;
        notifyAll();
    }

    private static WebSocketConnectOptions options(URI base, String ticket, String origin) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(base.getHost())
                .setPort(base.getPort())
                .setURI("/ws?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8))
                // Vert.x would otherwise add an Origin of its own; without one the relay sees a non-browser client.
                .setAllowOriginHeader(origin != null);
        if (origin != null) {
            options.addHeader("Origin", origin);
        }
        return options;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                throw new UpgradeRefused(rejected.getStatus());
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within 15 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server refused the upgrade with this HTTP status. */
    public static final class UpgradeRefused extends RuntimeException {
        private final int status;

        UpgradeRefused(int status) {
            super("upgrade refused with HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
