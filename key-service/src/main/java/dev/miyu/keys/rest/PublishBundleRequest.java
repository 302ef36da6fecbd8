package dev.miyu.keys.rest;

import dev.miyu.keys.bundle.BundleSubmission;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Sizes are generous bounds on the base64 of an RSA-2048 SPKI (392), a P-256 SPKI (124) and a raw signature (88). */
public record PublishBundleRequest(
        @NotBlank @Size(max = 1024) String encPublicKey,
        @NotBlank @Size(max = 512) String signPublicKey,
        @NotBlank @Size(max = 256) String bundleSignature) {

    BundleSubmission toSubmission() {
        return new BundleSubmission(encPublicKey, signPublicKey, bundleSignature);
    }
}
