package dev.miyu.keys;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class KeyBackupTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void firstBackupBecomesVersionOneAndOnlyItsOwnerReadsIt() {
        TestUser alice = TestUser.fresh();
        String blob = blob(2048);

        alice.request().body(Map.of("blob", blob, "version", 0)).put("/api/keys/me/backup")
                .then().statusCode(200).body("version", is(1)).body("updatedAt", notNullValue()).body("blob", nullValue());

        alice.request().get("/api/keys/me/backup")
                .then().statusCode(200).body("blob", is(blob)).body("version", is(1)).body("updatedAt", notNullValue());
    }

    @Test
    void absentVersionMeansTheFirstBackup() {
        TestUser alice = TestUser.fresh();

        alice.request().body(Map.of("blob", blob(100))).put("/api/keys/me/backup").then().statusCode(200).body("version", is(1));
    }

    @Test
    void writeFromTheCurrentVersionStoresTheNextOne() {
        TestUser alice = TestUser.fresh();
        alice.request().body(Map.of("blob", blob(100), "version", 0)).put("/api/keys/me/backup").then().statusCode(200);
        String second = blob(120);

        alice.request().body(Map.of("blob", second, "version", 1)).put("/api/keys/me/backup")
                .then().statusCode(200).body("version", is(2));

        alice.request().get("/api/keys/me/backup").then().statusCode(200).body("blob", is(second)).body("version", is(2));
    }

    @Test
    void writeFromAStaleVersionIsRefusedWithTheCurrentVersionAndChangesNothing() {
        TestUser alice = TestUser.fresh();
        alice.request().body(Map.of("blob", blob(100), "version", 0)).put("/api/keys/me/backup").then().statusCode(200);
        String current = blob(100);
        alice.request().body(Map.of("blob", current, "version", 1)).put("/api/keys/me/backup").then().statusCode(200);

        alice.request().body(Map.of("blob", blob(100), "version", 1)).put("/api/keys/me/backup")
                .then().statusCode(409).body("status", is(409)).body("currentVersion", is(2));
        alice.request().body(Map.of("blob", blob(100), "version", 0)).put("/api/keys/me/backup")
                .then().statusCode(409).body("currentVersion", is(2));

        alice.request().get("/api/keys/me/backup").then().statusCode(200).body("blob", is(current)).body("version", is(2));
    }

    @Test
    void writeFromAVersionThatNeverExistedIsRefused() {
        TestUser alice = TestUser.fresh();

        alice.request().body(Map.of("blob", blob(100), "version", 3)).put("/api/keys/me/backup")
                .then().statusCode(409).body("currentVersion", is(0));
        alice.request().get("/api/keys/me/backup").then().statusCode(404);
    }

    @Test
    void missingBackupIsNotFound() {
        TestUser.fresh().request().get("/api/keys/me/backup")
                .then().statusCode(404).body("status", is(404)).body("detail", notNullValue());
    }

    @Test
    void blobOverSixteenKilobytesIsRejectedAndNothingIsStored() {
        TestUser alice = TestUser.fresh();

        alice.request().body(Map.of("blob", blob(16 * 1024 + 1), "version", 0)).put("/api/keys/me/backup")
                .then().statusCode(400).body("errors[0].field", is("blob"))
                .body("errors[0].message", containsString("16384"));
        alice.request().body(Map.of("blob", blob(30 * 1024), "version", 0)).put("/api/keys/me/backup")
                .then().statusCode(413).body("status", is(413));

        alice.request().get("/api/keys/me/backup").then().statusCode(404);
        alice.request().body(Map.of("blob", blob(16 * 1024), "version", 0)).put("/api/keys/me/backup").then().statusCode(200);
    }

    @Test
    void nonBase64BlobAndNegativeVersionAreRejected() {
        TestUser alice = TestUser.fresh();

        alice.request().body(Map.of("blob", "this is not base64!", "version", 0)).put("/api/keys/me/backup")
                .then().statusCode(400).body("errors[0].field", is("blob")).body("errors[0].message", is("blob is not valid base64"));
        alice.request().body(Map.of("blob", blob(10), "version", -1)).put("/api/keys/me/backup")
                .then().statusCode(400).body("errors[0].field", is("version"));
        alice.request().body("{\"blob\": \"AAAA\", \"version\": \"one\"}").put("/api/keys/me/backup")
                .then().statusCode(400).body("errors[0].field", is("version"));

        alice.request().get("/api/keys/me/backup").then().statusCode(404);
    }

    @Test
    void nobodyElseCanReadOrOverwriteYourBackup() {
        TestUser alice = TestUser.fresh();
        TestUser bob = TestUser.fresh();
        String alices = blob(500);
        alice.request().body(Map.of("blob", alices, "version", 0)).put("/api/keys/me/backup").then().statusCode(200);

        bob.request().get("/api/keys/me/backup").then().statusCode(404);
        bob.request().get("/api/keys/" + alice.name() + "/backup")
                .then().statusCode(404).body("status", is(404)).body(not(containsString(alices)));

        String bobs = blob(500);
        bob.request().body(Map.of("blob", bobs, "version", 0)).put("/api/keys/me/backup").then().statusCode(200);
        bob.request().get("/api/keys/me/backup").then().statusCode(200).body("blob", is(bobs));
        alice.request().get("/api/keys/me/backup").then().statusCode(200).body("blob", is(alices)).body("version", is(1));
    }

    @Test
    void concurrentWritesFromTheSameVersionLetExactlyOneWin() {
        TestUser alice = TestUser.fresh();
        alice.request().body(Map.of("blob", blob(100), "version", 0)).put("/api/keys/me/backup").then().statusCode(200);
        List<String> blobs = List.of(blob(100), blob(100), blob(100), blob(100));

        List<Integer> statuses = Concurrently.map(blobs,
                blob -> alice.request().body(Map.of("blob", blob, "version", 1)).put("/api/keys/me/backup").statusCode());

        assertEquals(1, statuses.stream().filter(status -> status == 200).count(), "statuses " + statuses);
        assertEquals(3, statuses.stream().filter(status -> status == 409).count(), "statuses " + statuses);
        String stored = alice.request().get("/api/keys/me/backup").then().statusCode(200).body("version", is(2))
                .extract().path("blob");
        assertTrue(blobs.contains(stored));
    }

    private static String blob(int bytes) {
        byte[] data = new byte[bytes];
        RANDOM.nextBytes(data);
        return Base64.getEncoder().encodeToString(data);
    }
}
