package dev.miyu.auth.signing;

import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

/** An RSA key that signs access tokens (RS256), with its JWK key id. */
public record SigningKey(String kid, Instant createdAt, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {

    static SigningKey of(RSAPrivateCrtKey privateKey, Instant createdAt) {
        RSAPublicKey publicKey = RsaKeys.publicKeyOf(privateKey);
        return new SigningKey(RsaKeys.thumbprint(publicKey), createdAt, privateKey, publicKey);
    }
}
