package dev.miyu.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys and bundles made the way the browser makes them with WebCrypto: SPKI exports in base64 and raw r‖s ECDSA
 * signatures (JCA's P1363 format is exactly that).
 */
final class BrowserKeys {

    /** RSA generation is slow on a small machine; RSA keys are public here, so tests share one per size. */
    private static final Map<Integer, KeyPair> RSA = new ConcurrentHashMap<>();

    private BrowserKeys() {
    }

    /** What the client sends, plus the fingerprint the server must compute for it. */
    record Bundle(String encPublicKey, String signPublicKey, String bundleSignature, String fingerprint) {

        Map<String, String> json() {
            return Map.of("encPublicKey", encPublicKey, "signPublicKey", signPublicKey, "bundleSignature", bundleSignature);
        }

        Bundle withSignature(String signature) {
            return new Bundle(encPublicKey, signPublicKey, signature, fingerprint);
        }
    }

    /** A valid bundle for the user: RSA-2048 encryption key, a fresh P-256 signing key, signed for {@code username}. */
    static Bundle bundleFor(String username) {
        return bundle(username, rsa(2048), ec("secp256r1"));
    }

    /** A bundle of the given keys, signed by the sign key for {@code username}. */
    static Bundle bundle(String username, KeyPair enc, KeyPair sign) {
        String encB64 = spki(enc);
        String signB64 = spki(sign);
        String signature = sign(sign.getPrivate(), signedText(username, encB64, signB64));
        return new Bundle(encB64, signB64, signature, sha256Hex(signedText(username, encB64, signB64)));
    }

    /** A bundle whose sign slot holds {@code notP256} (any key type); signed with a real P-256 key so only the type is wrong. */
    static Bundle withSignKey(String username, KeyPair notP256) {
        String encB64 = spki(rsa(2048));
        String signB64 = spki(notP256);
        String signature = sign(ec("secp256r1").getPrivate(), signedText(username, encB64, signB64));
        return new Bundle(encB64, signB64, signature, sha256Hex(signedText(username, encB64, signB64)));
    }

    static String signedText(String username, String encPublicKey, String signPublicKey) {
        return "miyu/v1/key-bundle\n" + username + "\n" + encPublicKey + "\n" + signPublicKey;
    }

    static KeyPair rsa(int bits) {
        return RSA.computeIfAbsent(bits, size -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(new RSAKeyGenParameterSpec(size, RSAKeyGenParameterSpec.F4));
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String spki(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    static String sign(PrivateKey key, String text) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initSign(key);
            ecdsa.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ecdsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
