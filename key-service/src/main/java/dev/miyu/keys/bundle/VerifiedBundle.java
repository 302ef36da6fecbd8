package dev.miyu.keys.bundle;

/** A bundle whose keys have the required types and whose signature verifies, with its fingerprint. */
public record VerifiedBundle(String encPublicKey, String signPublicKey, String bundleSignature, String fingerprint) {
}
