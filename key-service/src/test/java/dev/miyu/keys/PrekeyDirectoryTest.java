package dev.miyu.keys;

import dev.miyu.events.PrekeysLow;
import dev.miyu.events.Topics;
import dev.miyu.testsupport.EventProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Issue 13: signed and one-time prekeys in the key directory, against the real database and Kafka. */
@QuarkusTest
class PrekeyDirectoryTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user with a published bundle whose signing key the test holds, as the browser holds it. */
    private record Publisher(TestUser user, KeyPair sign) {

        static Publisher fresh() {
            TestUser user = TestUser.fresh();
            KeyPair sign = BrowserKeys.ec("secp256r1");
            user.request().body(BrowserKeys.bundle(user.name(), BrowserKeys.rsa(2048), sign).json()).put("/api/keys/me")
                    .then().statusCode(201);
            return new Publisher(user, sign);
        }

        Map<String, Object> upload(String curve, int signedId, List<Integer> oneTimeIds) {
            return upload(curve, signedId, oneTimeIds, sign.getPrivate());
        }

        Map<String, Object> upload(String curve, int signedId, List<Integer> oneTimeIds, PrivateKey signer) {
            Map<String, Object> body = new HashMap<>();
            body.put("curve", curve);
            body.put("signedPrekey", prekey(user.name(), curve, "signed", signedId, signer));
            body.put("oneTimePrekeys", oneTimeIds.stream().map(id -> prekey(user.name(), curve, "one-time", id, signer)).toList());
            return body;
        }
    }

    private static Map<String, Object> prekey(String username, String curve, String kind, int id, PrivateKey signer) {
        String publicKey = publicKey(curve);
        String text = "miyu/v2/prekey\n" + username + "\n" + curve + "\n" + kind + "\n" + id + "\n" + publicKey;
        return Map.of("id", id, "publicKey", publicKey, "signature", BrowserKeys.sign(signer, text));
    }

    /** WebCrypto's raw exports: 32 bytes for X25519 (any value is a key), 0x04 ‖ x ‖ y for P-256. */
    private static String publicKey(String curve) {
        if (curve.equals("X25519")) {
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            return Base64.getEncoder().encodeToString(raw);
        }
        ECPublicKey key = (ECPublicKey) BrowserKeys.ec("secp256r1").getPublic();
        byte[] raw = new byte[65];
        raw[0] = 4;
        copyUnsigned(key.getW().getAffineX().toByteArray(), raw, 1);
        copyUnsigned(key.getW().getAffineY().toByteArray(), raw, 33);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static void copyUnsigned(byte[] twosComplement, byte[] into, int at) {
        int skip = Math.max(0, twosComplement.length - 32);
        int length = twosComplement.length - skip;
        System.arraycopy(twosComplement, skip, into, at + 32 - length, length);
    }

    private static List<Integer> ids(int from, int count) {
        return IntStream.range(from, from + count).boxed().toList();
    }

    @Test
    void eachOneTimePrekeyIsHandedOutOnceThenOnlyTheSignedPrekeyIsServed() {
        Publisher bob = Publisher.fresh();
        Map<String, Object> upload = bob.upload("X25519", 7, ids(1, 3));
        bob.user().request().body(upload).put("/api/keys/me/prekeys")
                .then().statusCode(200).body("curve", is("X25519")).body("signedPrekeyId", is(7)).body("oneTimePrekeys", is(3));

        TestUser alice = TestUser.fresh();
        Set<Integer> served = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> taken = alice.request().post("/api/keys/" + bob.user().name() + "/prekey-bundle")
                    .then().statusCode(200)
                    .body("bundle.username", is(bob.user().name()))
                    .body("curve", is("X25519"))
                    .body("signedPrekey", is(upload.get("signedPrekey")))
                    .extract().path("oneTimePrekey");
            assertNotNull(taken);
            assertEquals(true, ((List<?>) upload.get("oneTimePrekeys")).contains(taken), "served exactly as uploaded");
            served.add((Integer) taken.get("id"));
        }
        assertEquals(Set.of(1, 2, 3), served);

        alice.request().post("/api/keys/" + bob.user().name() + "/prekey-bundle")
                .then().statusCode(200).body("signedPrekey.id", is(7)).body("oneTimePrekey", nullValue());
        bob.user().request().get("/api/keys/me/prekeys").then().statusCode(200).body("oneTimePrekeys", is(0));
    }

    @Test
    void concurrentFetchesNeverGetTheSameOneTimePrekey() {
        Publisher bob = Publisher.fresh();
        bob.user().request().body(bob.upload("P-256", 1, ids(100, 12))).put("/api/keys/me/prekeys").then().statusCode(200);
        TestUser alice = TestUser.fresh();

        List<Integer> served = Concurrently.map(ids(0, 16), attempt -> alice.request()
                .post("/api/keys/" + bob.user().name() + "/prekey-bundle")
                .then().statusCode(200).extract().<Integer>path("oneTimePrekey.id"));

        List<Integer> handedOut = served.stream().filter(Objects::nonNull).toList();
        assertEquals(12, handedOut.size(), "every stored key is served: " + served);
        assertEquals(Set.copyOf(ids(100, 12)), new HashSet<>(handedOut), "and none twice: " + served);
    }

    @Test
    void aBadlySignedPrekeyIsRefusedAndNothingOfTheUploadIsStored() {
        Publisher bob = Publisher.fresh();
        Map<String, Object> upload = bob.upload("X25519", 1, ids(1, 3));
        List<Object> oneTime = new ArrayList<>((List<?>) upload.get("oneTimePrekeys"));
        Map<String, Object> forged = new HashMap<>(prekey(bob.user().name(), "X25519", "one-time", 2,
                BrowserKeys.ec("secp256r1").getPrivate()));
        oneTime.set(1, forged);
        upload.put("oneTimePrekeys", oneTime);

        bob.user().request().body(upload).put("/api/keys/me/prekeys")
                .then().statusCode(400).contentType(ContentType.JSON).body("status", is(400))
                .body("errors.field", is(List.of("oneTimePrekeys[1].signature")));

        bob.user().request().get("/api/keys/me/prekeys")
                .then().statusCode(200).body("signedPrekeyId", nullValue()).body("oneTimePrekeys", is(0));
        TestUser.fresh().request().post("/api/keys/" + bob.user().name() + "/prekey-bundle")
                .then().statusCode(200).body("signedPrekey", nullValue()).body("curve", nullValue());
    }

    @Test
    void prekeysSignedForAnotherUserOrAsAnotherKindAreRefused() {
        Publisher bob = Publisher.fresh();
        Publisher mallory = Publisher.fresh();
        // Bob's genuine upload replayed under Mallory's account: signed for "bob", so it cannot verify for mallory.
        mallory.user().request().body(bob.upload("X25519", 1, ids(1, 1))).put("/api/keys/me/prekeys")
                .then().statusCode(400).body("errors.field", hasItem("signedPrekey.signature"));

        Map<String, Object> upload = bob.upload("X25519", 1, List.of());
        upload.put("oneTimePrekeys", List.of(upload.get("signedPrekey")));
        bob.user().request().body(upload).put("/api/keys/me/prekeys")
                .then().statusCode(400).body("errors.field", is(List.of("oneTimePrekeys[0].signature")));
    }

    @Test
    void malformedKeysAndDuplicateIdsAreRefused() {
        Publisher bob = Publisher.fresh();
        Map<String, Object> offCurve = bob.upload("P-256", 1, List.of());
        byte[] point = new byte[65];
        point[0] = 4;
        point[64] = 1;
        String notOnCurve = Base64.getEncoder().encodeToString(point);
        offCurve.put("signedPrekey", Map.of("id", 1, "publicKey", notOnCurve, "signature",
                BrowserKeys.sign(bob.sign().getPrivate(), "miyu/v2/prekey\n" + bob.user().name() + "\nP-256\nsigned\n1\n" + notOnCurve)));
        bob.user().request().body(offCurve).put("/api/keys/me/prekeys")
                .then().statusCode(400).body("errors.field", is(List.of("signedPrekey.publicKey")));

        bob.user().request().body(bob.upload("X25519", 1, List.of(5, 5))).put("/api/keys/me/prekeys")
                .then().statusCode(400).body("errors.field", hasItem("oneTimePrekeys[1].id"));

        Map<String, Object> wrongCurve = bob.upload("X448", 1, List.of());
        bob.user().request().body(wrongCurve).put("/api/keys/me/prekeys")
                .then().statusCode(400).body("errors.field", hasItem("curve"));
    }

    @Test
    void oversizedUploadsAreRefused() {
        Publisher bob = Publisher.fresh();
        bob.user().request().body(bob.upload("X25519", 1, ids(0, 101))).put("/api/keys/me/prekeys")
                .then().statusCode(400).body("errors.field", hasItem("oneTimePrekeys"));

        // Two full batches fill the stock of 200; a third is refused and leaves it as it was.
        bob.user().request().body(bob.upload("X25519", 1, ids(0, 100))).put("/api/keys/me/prekeys").then().statusCode(200);
        bob.user().request().body(bob.upload("X25519", 1, ids(100, 100))).put("/api/keys/me/prekeys")
                .then().statusCode(200).body("oneTimePrekeys", is(200));
        bob.user().request().body(bob.upload("X25519", 1, ids(200, 1))).put("/api/keys/me/prekeys")
                .then().statusCode(400).body("errors.field", is(List.of("oneTimePrekeys")));
        bob.user().request().get("/api/keys/me/prekeys").then().statusCode(200).body("oneTimePrekeys", is(200));

        bob.user().request().body("{\"curve\":\"X25519\",\"pad\":\"" + "A".repeat(40_000) + "\"}").put("/api/keys/me/prekeys")
                .then().statusCode(413).body("status", is(413));
    }

    @Test
    void takingTheStockBelowTheThresholdTellsTheOwner() {
        Publisher bob = Publisher.fresh();
        bob.user().request().body(bob.upload("X25519", 1, ids(1, 11))).put("/api/keys/me/prekeys").then().statusCode(200);
        TestUser alice = TestUser.fresh();
        // 11 → 10 is not yet low (the threshold is 10); 10 → 9 is.
        alice.request().post("/api/keys/" + bob.user().name() + "/prekey-bundle").then().statusCode(200);
        alice.request().post("/api/keys/" + bob.user().name() + "/prekey-bundle").then().statusCode(200);

        PrekeysLow event = EventProbe.await(Topics.KEYS, PrekeysLow.class,
                e -> e.userId().equals(bob.user().id()), EVENT_TIMEOUT);
        assertEquals(9, event.remaining());
    }

    @Test
    void onlyTheAuthenticatedOwnerUploadsTheirPrekeys() {
        Publisher bob = Publisher.fresh();
        Map<String, Object> upload = bob.upload("X25519", 1, ids(1, 2));

        given().contentType(ContentType.JSON).body(upload).put("/api/keys/me/prekeys").then().statusCode(401);
        given().post("/api/keys/" + bob.user().name() + "/prekey-bundle").then().statusCode(401);
        // Another account claiming Bob's username has no keys of its own to attach them to.
        bob.user().impostor().request().body(upload).put("/api/keys/me/prekeys").then().statusCode(404);
        bob.user().request().get("/api/keys/me/prekeys").then().statusCode(200).body("oneTimePrekeys", is(0));
    }

    @Test
    void aNewBundleRetiresThePrekeysSignedByTheOldKey() {
        Publisher bob = Publisher.fresh();
        bob.user().request().body(bob.upload("X25519", 1, ids(1, 2))).put("/api/keys/me/prekeys").then().statusCode(200);

        KeyPair newSign = BrowserKeys.ec("secp256r1");
        bob.user().request().body(BrowserKeys.bundle(bob.user().name(), BrowserKeys.rsa(2048), newSign).json())
                .put("/api/keys/me").then().statusCode(201);

        Map<String, Object> taken = TestUser.fresh().request().post("/api/keys/" + bob.user().name() + "/prekey-bundle")
                .then().statusCode(200).body("bundle.version", is(2)).extract().path("$");
        assertNull(taken.get("signedPrekey"));
        assertNull(taken.get("oneTimePrekey"));
        bob.user().request().get("/api/keys/me/prekeys").then().statusCode(200).body("signedPrekeyId", nullValue());
    }

    @Test
    void aUserWithoutKeysIsNotFound() {
        TestUser.fresh().request().post("/api/keys/" + TestUser.fresh().name() + "/prekey-bundle")
                .then().statusCode(404).body("status", is(404));
    }
}
