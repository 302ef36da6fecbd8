package dev.miyu.keys.bundle;

/** A key bundle as the browser sent it: base64 SPKI keys and the base64 raw ECDSA signature, not yet checked. */
public record BundleSubmission(String encPublicKey, String signPublicKey, String bundleSignature) {
}
