package dev.miyu.keys;

import dev.miyu.keys.BrowserKeys.Bundle;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Every rejected bundle gets a 400 naming the field and the reason, and leaves the directory unchanged. */
@QuarkusTest
class KeyBundleValidationTest {

    @Test
    void rsa1024EncryptionKeyIsRejected() {
        TestUser alice = TestUser.fresh();
        Bundle weak = BrowserKeys.bundle(alice.name(), BrowserKeys.rsa(1024), BrowserKeys.ec("secp256r1"));

        rejected(alice, weak.json(), "encPublicKey", "encPublicKey must be RSA-2048 with exponent 65537");
    }

    @Test
    void rsa4096EncryptionKeyIsRejected() {
        TestUser alice = TestUser.fresh();
        Bundle big = BrowserKeys.bundle(alice.name(), BrowserKeys.rsa(4096), BrowserKeys.ec("secp256r1"));

        rejected(alice, big.json(), "encPublicKey", "encPublicKey must be RSA-2048 with exponent 65537");
    }

    @Test
    void ecKeyInTheEncryptionSlotIsRejected() {
        TestUser alice = TestUser.fresh();
        Bundle swapped = BrowserKeys.bundle(alice.name(), BrowserKeys.ec("secp256r1"), BrowserKeys.ec("secp256r1"));

        rejected(alice, swapped.json(), "encPublicKey", "encPublicKey must be RSA-2048 with exponent 65537");
    }

    @Test
    void p384SigningKeyIsRejected() {
        TestUser alice = TestUser.fresh();
        Bundle p384 = BrowserKeys.bundle(alice.name(), BrowserKeys.rsa(2048), BrowserKeys.ec("secp384r1"));

        rejected(alice, p384.json(), "signPublicKey", "signPublicKey must be an EC P-256 (secp256r1) key");
    }

    @Test
    void rsaKeyInTheSigningSlotIsRejected() {
        TestUser alice = TestUser.fresh();
        Bundle rsaSigner = BrowserKeys.withSignKey(alice.name(), BrowserKeys.rsa(2048));

        rejected(alice, rsaSigner.json(), "signPublicKey", "signPublicKey must be an EC P-256 (secp256r1) key");
    }

    @Test
    void bundleSignedForAnotherUsernameIsRejected() {
        TestUser alice = TestUser.fresh();
        TestUser mallory = TestUser.fresh();
        Bundle alices = BrowserKeys.bundleFor(alice.name());

        rejected(mallory, alices.json(), "bundleSignature", "bundleSignature does not verify under signPublicKey for this user's bundle");
    }

    @Test
    void signatureWithOneFlippedByteIsRejected() {
        TestUser alice = TestUser.fresh();
        Bundle bundle = BrowserKeys.bundleFor(alice.name());
        byte[] signature = Base64.getDecoder().decode(bundle.bundleSignature());
        signature[17] ^= 0x01;

        rejected(alice, bundle.withSignature(Base64.getEncoder().encodeToString(signature)).json(), "bundleSignature",
                "bundleSignature does not verify under signPublicKey for this user's bundle");
    }

    @Test
    void derEncodedSignatureIsRejectedAsNotRaw() {
        TestUser alice = TestUser.fresh();
        Bundle bundle = BrowserKeys.bundleFor(alice.name());
        String seventyBytes = Base64.getEncoder().encodeToString(new byte[70]);

        rejected(alice, bundle.withSignature(seventyBytes).json(), "bundleSignature",
                "bundleSignature must be the 64-byte raw r‖s ECDSA P-256 signature WebCrypto produces");
    }

    @Test
    void garbageBase64IsRejectedPerField() {
        TestUser alice = TestUser.fresh();
        Bundle bundle = BrowserKeys.bundleFor(alice.name());

        rejected(alice, Map.of("encPublicKey", "not*base64!", "signPublicKey", bundle.signPublicKey(),
                "bundleSignature", bundle.bundleSignature()), "encPublicKey", "encPublicKey is not valid base64");
        rejected(alice, Map.of("encPublicKey", bundle.encPublicKey(), "signPublicKey", "%%%",
                "bundleSignature", bundle.bundleSignature()), "signPublicKey", "signPublicKey is not valid base64");
        rejected(alice, Map.of("encPublicKey", bundle.encPublicKey(), "signPublicKey", bundle.signPublicKey(),
                "bundleSignature", "@@@@"), "bundleSignature", "bundleSignature is not valid base64");
        rejected(alice, Map.of("encPublicKey", Base64.getEncoder().encodeToString("hello".getBytes()),
                        "signPublicKey", bundle.signPublicKey(), "bundleSignature", bundle.bundleSignature()),
                "encPublicKey", "encPublicKey must be a DER-encoded SubjectPublicKeyInfo");
    }

    @Test
    void missingFieldsAreNamed() {
        TestUser alice = TestUser.fresh();

        rejected(alice, Map.of("encPublicKey", BrowserKeys.spki(BrowserKeys.rsa(2048))), "signPublicKey", "must not be blank")
                .body("errors.field", hasItem("bundleSignature"));
        alice.request().put("/api/keys/me").then().statusCode(400).body("status", is(400));
    }

    @Test
    void malformedJsonAndWrongJsonTypesAreRejected() {
        TestUser alice = TestUser.fresh();

        alice.request().body("{\"encPublicKey\": ").put("/api/keys/me")
                .then().statusCode(400).body("status", is(400)).body("detail", is("the request body is not valid JSON"));
        alice.request().body("{\"encPublicKey\": {\"nested\": 1}, \"signPublicKey\": \"a\", \"bundleSignature\": \"b\"}")
                .put("/api/keys/me")
                .then().statusCode(400).body("errors[0].field", is("encPublicKey"));
        alice.request().get("/api/keys/" + alice.name()).then().statusCode(404);
    }

    private static ValidatableResponse rejected(TestUser user, Map<String, String> body, String field, String message) {
        ValidatableResponse response = user.request().body(body).put("/api/keys/me")
                .then().statusCode(400)
                .body("status", is(400))
                .body("title", is("Bad Request"))
                .body("errors.find { it.field == '" + field + "' }.message", is(message));
        user.request().get("/api/keys/" + user.name()).then().statusCode(404);
        return response;
    }
}
