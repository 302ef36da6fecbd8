package dev.miyu.keys.rest;

import dev.miyu.keys.prekey.Prekey;

/** A public prekey as served: id, raw public key (base64) and the owner's ECDSA signature over it. */
public record PrekeyView(int id, String publicKey, String signature) {

    static PrekeyView of(Prekey prekey) {
        return prekey == null ? null : new PrekeyView(prekey.id(), prekey.publicKey(), prekey.signature());
    }
}
