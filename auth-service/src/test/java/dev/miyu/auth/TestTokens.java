package dev.miyu.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

/** Reads JWTs, and builds the malformed ones that no JWT library would sign. */
public final class TestTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    public static Map<String, Object> header(String jwt) {
        return part(jwt, 0);
    }

    public static Map<String, Object> claims(String jwt) {
        return part(jwt, 1);
    }

    /** An unsigned token ({@code alg: none}). */
    public static String unsigned(String kid, Map<String, Object> claims) {
        return encode(Map.of("alg", "none", "typ", "JWT", "kid", kid)) + "." + encode(claims) + ".";
    }

    /** An HS256 token whose HMAC key is the given bytes, e.g. the verifier's public key (algorithm confusion). */
    public static String hs256(String kid, Map<String, Object> claims, byte[] hmacKey) {
        String signingInput = encode(Map.of("alg", "HS256", "typ", "JWT", "kid", kid)) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return signingInput + "." + B64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return B64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> part(String jwt, int index) {
        try {
            return JSON.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), new TypeReference<>() {
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
