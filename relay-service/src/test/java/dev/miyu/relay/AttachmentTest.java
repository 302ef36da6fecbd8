package dev.miyu.relay;

import dev.miyu.relay.support.RelayKit;
import dev.miyu.relay.support.TestUser;
import dev.miyu.testsupport.Infra;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AttachmentTest {

    private static final String OCTETS = "application/octet-stream";

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URI base;

    RelayKit relay;

    @BeforeEach
    void setUp() {
        relay = new RelayKit(vertx, base, Infra.database("miyu_relay"), "miyu_relay");
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String upload(TestUser user, byte[] blob) {
        var created = given().auth().oauth2(user.token()).contentType(OCTETS).body(blob)
                .when().post("/api/attachments")
                .then().statusCode(201)
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/attachments/" + id), created.header("Location"));
        return id;
    }

    private static byte[] download(TestUser user, String id) {
        return given().auth().oauth2(user.token())
                .when().get("/api/attachments/" + id)
                .then().statusCode(200).contentType(OCTETS)
                .extract().asByteArray();
    }

    @Test
    void theUploaderAndTheUploadersFriendsCanDownloadABlob() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        relay.befriend(alice, bob);
        byte[] blob = randomBytes(3 * 1024 * 1024 + 17);

        String id = upload(alice, blob);

        assertArrayEquals(blob, download(alice, id));
        assertArrayEquals(blob, download(bob, id));
    }

    @Test
    void aStrangerGetsTheSame404AsForAnAttachmentThatDoesNotExist() {
        TestUser alice = TestUser.create();
        TestUser stranger = TestUser.create();
        String id = upload(alice, randomBytes(1000));

        given().auth().oauth2(stranger.token()).when().get("/api/attachments/" + id)
                .then().statusCode(404).contentType("application/problem+json").body("detail", is("no such attachment"));
        given().auth().oauth2(stranger.token()).when().get("/api/attachments/" + UUID.randomUUID())
                .then().statusCode(404).body("detail", is("no such attachment"));
        given().auth().oauth2(stranger.token()).when().get("/api/attachments/not-an-id")
                .then().statusCode(404).contentType("application/problem+json");
    }

    /** Vert.x's client: the relay answers before the upload is over, which other clients stumble on. */
    @Test
    void aBlobOverTenMegabytesIsRefusedWith413() throws Exception {
        TestUser alice = TestUser.create();
        HttpClient client = vertx.createHttpClient();
        try {
            RawResponse response = answer(client.request(HttpMethod.POST, base.getPort(), base.getHost(), "/api/attachments")
                    .compose(request -> request.putHeader("Authorization", "Bearer " + alice.token())
                            .putHeader("Content-Type", OCTETS)
                            .send(Buffer.buffer(new byte[10 * 1024 * 1024 + 1]))));
            assertEquals(413, response.status(), response.body());
            assertEquals("application/problem+json", response.contentType());
            assertTrue(response.body().contains("\"detail\":\"a request body may be at most 10485760 bytes\""), response.body());
        } finally {
            client.close();
        }
        assertEquals(0, relay.count("SELECT count(*) FROM attachments WHERE uploader_id = ?", alice.id()));
    }

    @Test
    void aStreamedUploadWithoutContentLengthIsCutOffAtTenMegabytes() throws Exception {
        TestUser alice = TestUser.create();
        HttpClient client = vertx.createHttpClient();
        try {
            RawResponse response = answer(client.request(HttpMethod.POST, base.getPort(), base.getHost(), "/api/attachments")
                    .compose(request -> {
                        request.putHeader("Authorization", "Bearer " + alice.token())
                                .putHeader("Content-Type", OCTETS)
                                .setChunked(true);
                        for (int i = 0; i < 11; i++) {
                            request.write(Buffer.buffer(new byte[1024 * 1024]));
                        }
                        request.end();
                        return request.response();
                    }));
            assertEquals(413, response.status(), response.body());
            assertTrue(response.body().contains("\"detail\":\"an attachment may be at most 10485760 bytes\""), response.body());
        } finally {
            client.close();
        }
        assertEquals(0, relay.count("SELECT count(*) FROM attachments WHERE uploader_id = ?", alice.id()));
    }

    private record RawResponse(int status, String contentType, String body) {
    }

    /** Status, type and body, read as they arrive (a Vert.x response body not read at once is gone). */
    private static RawResponse answer(Future<HttpClientResponse> response) throws Exception {
        return response.compose(r -> r.body().map(body -> new RawResponse(r.statusCode(), r.getHeader("Content-Type"), body.toString())))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void anEmptyOrMistypedUploadIsABadRequest() {
        TestUser alice = TestUser.create();
        given().auth().oauth2(alice.token()).contentType(OCTETS).body(new byte[0])
                .when().post("/api/attachments")
                .then().statusCode(400).contentType("application/problem+json").body("detail", is("the attachment is empty"));
        given().auth().oauth2(alice.token()).contentType("application/json").body("{}")
                .when().post("/api/attachments")
                .then().statusCode(415).contentType("application/problem+json").body("status", is(415));
    }

    @Test
    void attachmentsNeedAnAccessToken() {
        given().contentType(OCTETS).body(new byte[10])
                .when().post("/api/attachments")
                .then().statusCode(401).body("status", is(401));
        given().when().get("/api/attachments/" + UUID.randomUUID())
                .then().statusCode(401).header("WWW-Authenticate", notNullValue());
    }
}
