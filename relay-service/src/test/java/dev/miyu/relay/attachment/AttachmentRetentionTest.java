package dev.miyu.relay.attachment;

import dev.miyu.relay.support.RelayKit;
import dev.miyu.relay.support.TestUser;
import dev.miyu.testsupport.Infra;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AttachmentRetentionTest {

    @Inject
    AttachmentService attachments;

    @Test
    void theCleanupDeletesBlobsOlderThanTheRetentionAndKeepsNewerOnes() {
        RelayKit relay = new RelayKit(null, null, Infra.database("miyu_relay"), "miyu_relay");
        TestUser alice = TestUser.create();
        String old = given().auth().oauth2(alice.token()).contentType("application/octet-stream").body(new byte[]{1, 2, 3})
                .when().post("/api/attachments").then().statusCode(201).extract().path("id");
        String recent = given().auth().oauth2(alice.token()).contentType("application/octet-stream").body(new byte[]{4})
                .when().post("/api/attachments").then().statusCode(201).extract().path("id");
        relay.execute("UPDATE attachments SET created_at = CURRENT_TIMESTAMP - INTERVAL '31 days' WHERE id = ?::uuid", old);

        attachments.deleteExpired().await().atMost(Duration.ofSeconds(10));

        given().auth().oauth2(alice.token()).when().get("/api/attachments/" + old).then().statusCode(404);
        given().auth().oauth2(alice.token()).when().get("/api/attachments/" + recent).then().statusCode(200);
        assertEquals(1, relay.count("SELECT count(*) FROM attachments WHERE uploader_id = ?", alice.id()));
    }
}
