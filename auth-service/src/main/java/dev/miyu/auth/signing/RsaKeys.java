package dev.miyu.auth.signing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** RSA key plumbing: generation, PKCS#8 (PEM) parsing, and the RFC 7638 thumbprint that serves as key id. */
final class RsaKeys {

    private static final int KEY_BITS = 2048;

    private RsaKeys() {
    }

    /** CPU-heavy: call it off the event loop. */
    static RSAPrivateCrtKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    static RSAPrivateCrtKey fromPem(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        if (body.isEmpty() || pem.contains("RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("the signing key must be a PKCS#8 PEM (BEGIN PRIVATE KEY)");
        }
        return fromPkcs8(Base64.getDecoder().decode(body));
    }

    static RSAPrivateCrtKey fromPkcs8(byte[] der) {
        try {
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey key) {
                if (key.getModulus().bitLength() < KEY_BITS) {
                    throw new IllegalArgumentException("the signing key must have at least " + KEY_BITS + " bits");
                }
                return key;
            }
            throw new IllegalArgumentException("the signing key must be an RSA key with CRT parameters");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the signing key is not a PKCS#8 RSA private key", e);
        }
    }

    static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** RFC 7638 JWK thumbprint (SHA-256): the same key always gets the same id, on every instance. */
    static String thumbprint(RSAPublicKey key) {
        // The required members in lexicographic order, without whitespace (RFC 7638, section 3.2).
        String jwk = "{\"e\":\"" + base64Url(key.getPublicExponent())
                + "\",\"kty\":\"RSA\",\"n\":\"" + base64Url(key.getModulus()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Unsigned big-endian base64url, as JWK wants for {@code n} and {@code e}. */
    static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
