package dev.miyu.gateway.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials in the "TURN REST API" scheme coturn implements with {@code use-auth-secret} and
 * {@code static-auth-secret}: username = {@code "<unix expiry>:<user id>"}, credential = base64(HMAC-SHA1(secret,
 * username)). The TURN server recomputes the HMAC with the shared secret and refuses expired usernames; the secret
 * itself never leaves the gateway.
 */
public final class TurnCredentials {

    private final byte[] secret;
    private final Duration ttl;

    public TurnCredentials(String secret, Duration ttl) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the TURN secret must not be empty");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the TURN credential lifetime must be positive");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.ttl = ttl;
    }

    public record Credential(String username, String credential) {
    }

    public Credential issue(String userId, Instant now) {
        String username = now.plus(ttl).getEpochSecond() + ":" + userId;
        return new Credential(username, sign(username));
    }

    String sign(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }
}
