package dev.miyu.auth.signing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A signing key from configuration: PKCS#8 PEM as a Kubernetes Secret holds it. */
class RsaKeysTest {

    private static RSAPrivateCrtKey key;

    @BeforeAll
    static void generate() {
        key = RsaKeys.generate();
    }

    @Test
    void aPkcs8PemKeyIsRead() {
        RSAPrivateCrtKey read = RsaKeys.fromPem(pem("PRIVATE KEY", key.getEncoded()));

        assertEquals(key.getModulus(), read.getModulus());
        assertEquals(key.getPrivateExponent(), read.getPrivateExponent());
    }

    @Test
    void theKeyIdDependsOnlyOnThePublicKey() {
        RSAPrivateCrtKey read = RsaKeys.fromPem(pem("PRIVATE KEY", key.getEncoded()));

        assertEquals(SigningKey.of(key, Instant.EPOCH).kid(), SigningKey.of(read, Instant.now()).kid());
    }

    @Test
    void aPkcs1PemKeyIsRefusedWithAHint() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RsaKeys.fromPem(pem("RSA PRIVATE KEY", key.getEncoded())));

        assertEquals("the signing key must be a PKCS#8 PEM (BEGIN PRIVATE KEY)", refused.getMessage());
    }

    @Test
    void aKeyShorterThan2048BitsIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        byte[] weak = generator.generateKeyPair().getPrivate().getEncoded();

        assertThrows(IllegalArgumentException.class, () -> RsaKeys.fromPem(pem("PRIVATE KEY", weak)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
