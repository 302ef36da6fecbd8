package dev.miyu.gateway;

import static dev.miyu.gateway.Clients.newClient;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(FakeServices.class)
class ProxyingTest {

    FakeServices services;

    @TestHTTPResource("/api/keys/me")
    URI keysMe;

    @TestHTTPResource("/api/attachments")
    URI attachments;

    @BeforeEach
    void everyServiceUp() {
        services.allUpAndReady();
    }

    @Test
    void publicAuthEndpointsAreProxiedWithoutAToken() {
        for (String endpoint : new String[] { "register", "login", "refresh", "logout" }) {
            newClient().contentType(ContentType.JSON).body("{\"username\":\"alice\"}")
                    .post("/api/auth/" + endpoint)
                    .then().statusCode(200)
                    .body("service", equalTo("auth-service"))
                    .body("uri", equalTo("/api/auth/" + endpoint))
                    .body("bodyBytes", equalTo(20));
        }
        newClient().get("/.well-known/jwks.json").then().statusCode(200).body("keys[0].kid", equalTo("test-signing-key"));
    }

    @Test
    void eachApiPrefixReachesItsService() {
        String token = services.validToken();
        String[][] routes = { { "/api/auth/sessions", "auth-service" }, { "/api/keys/bob/history", "key-service" },
                { "/api/users?q=bo", "friend-service" }, { "/api/friends/requests", "friend-service" },
                { "/api/presence?users=bob", "presence-service" }, { "/api/relay/queue", "relay-service" },
                { "/api/attachments/blob-1", "relay-service" } };
        for (String[] route : routes) {
            newClient().auth().oauth2(token).get(route[0])
                    .then().statusCode(200).body("service", equalTo(route[1])).body("uri", equalTo(route[0]));
        }
    }

    @Test
    void serviceSeesForwardingHeadersRequestIdAndTheTokenUnchanged() {
        String token = services.validToken();
        String requestId = Clients.freshRequestId();
        newClient(requestId).header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "for=1.2.3.4").auth().oauth2(token)
                .get("/api/keys/bob")
                .then().statusCode(200)
                .header("X-Request-Id", requestId)
                .body("headers.x-forwarded-for[0]", equalTo("203.0.113.9, 127.0.0.1"))
                .body("headers.x-forwarded-proto[0]", equalTo("http"))
                .body("headers.x-request-id[0]", equalTo(requestId))
                .body("headers.authorization[0]", equalTo("Bearer " + token))
                .body("headers", not(hasKey("x-forwarded-host")))
                .body("headers", not(hasKey("forwarded")));
    }

    @Test
    void requestWithoutUsableIdGetsAFreshOneEchoedToClientAndService() {
        String given = "not a good id\u0001";
        String echoed = newClient().header("X-Request-Id", given).auth().oauth2(services.validToken())
                .get("/api/keys/bob")
                .then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .extract().header("X-Request-Id");
        newClient(echoed).auth().oauth2(services.validToken()).get("/api/keys/bob")
                .then().body("headers.x-request-id[0]", equalTo(echoed));
    }

    @Test
    void serviceGetsTheNormalisedPathTheEdgeChecked() {
        newClient().auth().oauth2(services.validToken())
                .urlEncodingEnabled(false)
                .get("/api/keys/x/../%62ob")
                .then().statusCode(200).body("service", equalTo("key-service")).body("uri", equalTo("/api/keys/bob"));
    }

    @Test
    void largeAttachmentStreamsThroughIntact() throws Exception {
        byte[] blob = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(blob);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
        newClient().auth().oauth2(services.validToken()).contentType(ContentType.BINARY).body(blob)
                .post("/api/attachments")
                .then().statusCode(200)
                .body("service", equalTo("relay-service"))
                .body("bodyBytes", equalTo(blob.length))
                .body("bodySha256", equalTo(sha256));
    }

    @Test
    void bodyOverTheApiLimitIsRefusedBeforeTheService() {
        String requestId = Clients.freshRequestId();
        newClient(requestId).auth().oauth2(services.validToken()).contentType(ContentType.BINARY).body(new byte[64 * 1024 + 1])
                .post("/api/keys/me")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
        assertFalse(services.anyServiceSaw(requestId));
    }

    @Test
    void attachmentOverItsLimitIsRefused() {
        newClient().auth().oauth2(services.validToken()).contentType(ContentType.BINARY).body(new byte[10 * 1024 * 1024 + 1])
                .post("/api/attachments")
                .then().statusCode(413).body("status", equalTo(413));
    }

    @Test
    void chunkedBodyIsCutOffWhenItPassesTheLimit() throws Exception {
        // An input stream of unknown length makes the JDK client send the body chunked, without Content-Length.
        HttpRequest request = HttpRequest.newBuilder(keysMe)
                .header("Authorization", "Bearer " + services.validToken())
                .header("X-Forwarded-For", Clients.freshAddress())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[200 * 1024])))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void chunkedBodyWithinTheLimitArrivesWhole() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(keysMe)
                .header("Authorization", "Bearer " + services.validToken())
                .header("X-Forwarded-For", Clients.freshAddress())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[30 * 1024])))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"bodyBytes\":30720"), response.body());
    }

    @Test
    void clientThatAsksBeforeUploadingIsToldToGoOnOrRefusedWithoutSendingTheBody() throws Exception {
        try (Socket socket = new Socket(attachments.getHost(), attachments.getPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader answers = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();

            out.write(uploadHead(11 * 1024 * 1024));
            assertEquals("HTTP/1.1 413 Request Entity Too Large", answers.readLine());
        }
        try (Socket socket = new Socket(attachments.getHost(), attachments.getPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader answers = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();

            out.write(uploadHead(1024));
            assertEquals("HTTP/1.1 100 Continue", answers.readLine());
            assertEquals("", answers.readLine());
            out.write(new byte[1024]);
            assertEquals("HTTP/1.1 200 OK", answers.readLine());
        }
    }

    private byte[] uploadHead(int length) {
        return ("POST /api/attachments HTTP/1.1\r\n"
                + "Host: " + attachments.getHost() + "\r\n"
                + "Authorization: Bearer " + services.validToken() + "\r\n"
                + "X-Forwarded-For: " + Clients.freshAddress() + "\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + length + "\r\n"
                + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void unknownApiIsA404Problem() {
        newClient().auth().oauth2(services.validToken()).get("/api/nothing-here/at-all")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("/api/nothing-here/at-all"));
    }

    @Test
    void serviceThatIsDownGivesA503ProblemPromptly() {
        services.service("presence-service").stop();
        newClient().auth().oauth2(services.validToken()).get("/api/presence?users=bob")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("presence-service"))
                .time(lessThan(10000L));
    }

    @Test
    void serviceThatNeverAnswersGivesA504ProblemAfterTheResponseTimeout() {
        newClient().auth().oauth2(services.validToken()).get("/api/relay" + FakeServices.SILENT_PATH_SUFFIX)
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("detail", containsString("relay-service"))
                .time(lessThan(15000L));
    }
}
