package dev.miyu.keys.prekey;

/** One public prekey as the browser signs it: its id, the raw public key in base64 and the ECDSA signature. */
public record Prekey(int id, String publicKey, String signature) {
}
