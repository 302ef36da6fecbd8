package dev.miyu.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithTestResource(FakeServices.class)
class WebSocketTest {

    FakeServices services;

    @TestHTTPResource("/ws")
    URI ws;

    @BeforeEach
    void everyServiceUp() {
        services.allUpAndReady();
    }

    @Test
    void socketWithTicketIsTunnelledToTheRelay() throws Exception {
        Echo echo = new Echo();
        WebSocket socket = connect(webSocketUri("?ticket=one-time-ticket"), echo).get(10, TimeUnit.SECONDS);
        socket.sendText("hello relay", true);
        assertEquals("relay-service echoes hello relay", echo.reply.get(10, TimeUnit.SECONDS));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }

    @Test
    void socketWithBearerTokenInsteadOfTicketIsTunnelled() throws Exception {
        Echo echo = new Echo();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + services.validToken())
                .buildAsync(webSocketUri(""), echo).get(10, TimeUnit.SECONDS);
        socket.sendText("with token", true);
        assertEquals("relay-service echoes with token", echo.reply.get(10, TimeUnit.SECONDS));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }

    @Test
    void socketWithoutTicketOrTokenIsRefused() {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> connect(webSocketUri(""), new Echo()).get(10, TimeUnit.SECONDS));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
        assertEquals(401, refused.getResponse().statusCode());
    }

    @Test
    void socketToARelayThatIsDownIsRefusedWith503() {
        services.service("relay-service").stop();
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> connect(webSocketUri("?ticket=t"), new Echo()).get(10, TimeUnit.SECONDS));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
        assertEquals(503, refused.getResponse().statusCode());
    }

    @Test
    void plainRequestToTheSocketAddressIsABadRequest() {
        RestAssured.given().queryParam("ticket", "t").get("/ws").then().statusCode(400).contentType("application/problem+json");
    }

    private URI webSocketUri(String query) {
        return URI.create("ws://" + ws.getHost() + ":" + ws.getPort() + "/ws" + query);
    }

    private static CompletableFuture<WebSocket> connect(URI uri, Echo listener) {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, listener);
    }

    private static final class Echo implements WebSocket.Listener {

        final CompletableFuture<String> reply = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                reply.complete(text.toString());
            }
            webSocket.request(1);
            return null;
        }
    }
}
