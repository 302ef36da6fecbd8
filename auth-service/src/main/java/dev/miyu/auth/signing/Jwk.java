package dev.miyu.auth.signing;

/** The public half of a signing key as a JSON Web Key (RFC 7517/7518). */
public record Jwk(String kty, String kid, String alg, String use, String n, String e) {

    public static Jwk of(SigningKey key) {
        return new Jwk("RSA", key.kid(), "RS256", "sig",
                RsaKeys.base64Url(key.publicKey().getModulus()), RsaKeys.base64Url(key.publicKey().getPublicExponent()));
    }
}
