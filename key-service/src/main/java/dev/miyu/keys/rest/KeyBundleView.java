package dev.miyu.keys.rest;

import dev.miyu.keys.bundle.KeyBundle;

import java.time.Instant;
import java.util.UUID;

/** A published bundle: everything a client needs to check the signature and pin the keys. */
public record KeyBundleView(String username, UUID userId, String encPublicKey, String signPublicKey,
                            String bundleSignature, String fingerprint, Instant publishedAt, int version) {

    static KeyBundleView of(KeyBundle bundle) {
        return new KeyBundleView(bundle.username(), bundle.userId(), bundle.encPublicKey(), bundle.signPublicKey(),
                bundle.bundleSignature(), bundle.fingerprint(), bundle.publishedAt(), bundle.version());
    }
}
