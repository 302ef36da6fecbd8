package dev.miyu.auth;

import dev.miyu.auth.signing.SigningKey;
import dev.miyu.auth.signing.SigningKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Inject;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static dev.miyu.auth.AuthApi.newClientIp;
import static dev.miyu.auth.AuthApi.newSession;
import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Only a token this service signed, unexpired, for this audience and issuer, opens {@code /api/auth/me}. */
@QuarkusTest
class AccessTokenTest {

    private static final String ISSUER = "https://miyu.local/auth";
    private static final String AUDIENCE = "miyu";

    @Inject
    SigningKeys signingKeys;

    @Test
    void aValidAccessTokenOpensMe() {
        Response session = newSession(newClientIp());
        String accessToken = session.path("accessToken");

        given().auth().oauth2(accessToken).get("/api/auth/me")
                .then().statusCode(200)
                .body("userId", equalTo(session.path("userId")))
                .body("username", equalTo(TestTokens.claims(accessToken).get("upn")));
    }

    @Test
    void theJwksPublishesTheSigningKey() {
        get("/.well-known/jwks.json")
                .then().statusCode(200)
                .body("keys.kid", hasItem(signingKeys.current().kid()))
                .body("keys.kty", everyItem(equalTo("RSA")))
                .body("keys.alg", everyItem(equalTo("RS256")))
                .body("keys.use", everyItem(equalTo("sig")))
                .body("keys.n", everyItem(not(emptyOrNullString())))
                .body("keys.e", everyItem(equalTo("AQAB")));
    }

    @Test
    void everyPublishedKidIsTheRfc7638ThumbprintOfItsKey() throws Exception {
        String jwks = get("/.well-known/jwks.json").then().statusCode(200).extract().asString();

        for (JsonWebKey key : new JsonWebKeySet(jwks).getJsonWebKeys()) {
            assertEquals(key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256), key.getKeyId());
        }
    }

    @Test
    void withoutATokenMeIsUnauthorized() {
        get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void aSelfSignedTokenOfTheRightShapeIsAccepted() {
        given().auth().oauth2(sign(claims(), signingKeys.current().privateKey())).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void anExpiredTokenIsRejected() {
        Instant longAgo = Instant.now().minusSeconds(3600);
        String token = sign(claims().issuedAt(longAgo).expiresAt(longAgo.plusSeconds(900)), signingKeys.current().privateKey());

        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void aTokenSignedByAnotherKeyUnderTheSameKidIsRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);

        String token = sign(claims(), generator.generateKeyPair().getPrivate());

        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void anUnsignedTokenIsRejected() {
        String token = TestTokens.unsigned(signingKeys.current().kid(), claimMap());

        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void anHs256TokenKeyedWithThePublicKeyIsRejected() {
        SigningKey key = signingKeys.current();
        String publicKeyPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";

        String withPem = TestTokens.hs256(key.kid(), claimMap(), publicKeyPem.getBytes(StandardCharsets.US_ASCII));
        String withDer = TestTokens.hs256(key.kid(), claimMap(), key.publicKey().getEncoded());

        given().auth().oauth2(withPem).get("/api/auth/me").then().statusCode(401);
        given().auth().oauth2(withDer).get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void aTokenForAnotherAudienceIsRejected() {
        String token = sign(claims().audience("another-service"), signingKeys.current().privateKey());

        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void aTokenFromAnotherIssuerIsRejected() {
        String token = sign(claims().issuer("https://evil.example/auth"), signingKeys.current().privateKey());

        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(401);
    }

    private JwtClaimsBuilder claims() {
        return Jwt.claims(claimMap());
    }

    private static Map<String, Object> claimMap() {
        long now = Instant.now().getEpochSecond();
        return Map.of(
                "iss", ISSUER,
                "aud", AUDIENCE,
                "sub", UUID.randomUUID().toString(),
                "upn", "someone",
                "jti", UUID.randomUUID().toString(),
                "iat", now,
                "exp", now + 900);
    }

    private String sign(JwtClaimsBuilder claims, PrivateKey key) {
        return claims.jws().keyId(signingKeys.current().kid()).sign(key);
    }
}
