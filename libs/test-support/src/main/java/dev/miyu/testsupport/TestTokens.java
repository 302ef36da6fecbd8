package dev.miyu.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Access tokens for testing a service without running auth-service: an RS256 key made per JVM, published as a
 * JWKS file the service under test verifies against, with the issuer and audience auth-service uses.
 * Add {@code @QuarkusTestResource(TestTokens.class)} next to {@link MiyuTestResource}.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://miyu.local/auth";
    public static final String AUDIENCE = "miyu";

    private static RsaJsonWebKey key;
    private static Path jwks;

    @Override
    public Map<String, String> start() {
        return Map.of("mp.jwt.verify.publickey.location", jwksLocation(),
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE);
    }

    @Override
    public void stop() {
        // the key lives for the JVM
    }

    /** A valid 15-minute access token for the user. */
    public static String forUser(UUID userId, String username) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(userId.toString());
        claims.setClaim("upn", username);
        claims.setGeneratedJwtId();
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(15);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key().getPrivateKey());
        jws.setKeyIdHeaderValue(key().getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code file:} URL of the JWKS holding the test key, for services started outside Quarkus tests. */
    public static String jwksLocation() {
        return jwksFile().toUri().toString();
    }

    private static synchronized RsaJsonWebKey key() {
        if (key == null) {
            try {
                key = RsaJwkGenerator.generateJwk(2048);
                key.setKeyId("test-" + UUID.randomUUID());
                key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
                key.setUse("sig");
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
        return key;
    }

    private static synchronized Path jwksFile() {
        if (jwks == null) {
            try {
                jwks = Files.createTempFile("miyu-test-jwks", ".json");
                jwks.toFile().deleteOnExit();
                Files.writeString(jwks, new JsonWebKeySet(key()).toJson());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jwks;
    }
}
