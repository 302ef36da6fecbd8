package dev.miyu.keys.prekey;

import dev.miyu.keys.bundle.KeyBundle;

/**
 * What a sender needs to open a session: the identity bundle and, when the recipient has published prekeys for it,
 * the signed prekey and at most one one-time prekey. {@code curve}, {@code signedPrekey} and {@code oneTimePrekey}
 * are null when there is nothing to serve; the sender then falls back as docs/crypto.md describes.
 */
public record PrekeyBundle(KeyBundle bundle, String curve, Prekey signedPrekey, Prekey oneTimePrekey) {
}
