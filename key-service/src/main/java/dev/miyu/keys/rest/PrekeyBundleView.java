package dev.miyu.keys.rest;

import dev.miyu.keys.prekey.PrekeyBundle;

/** A session-setup bundle; null prekeys mean the recipient has none to serve (see docs/crypto.md, migration). */
public record PrekeyBundleView(KeyBundleView bundle, String curve, PrekeyView signedPrekey, PrekeyView oneTimePrekey) {

    static PrekeyBundleView of(PrekeyBundle taken) {
        return new PrekeyBundleView(KeyBundleView.of(taken.bundle()), taken.curve(), PrekeyView.of(taken.signedPrekey()),
                PrekeyView.of(taken.oneTimePrekey()));
    }
}
