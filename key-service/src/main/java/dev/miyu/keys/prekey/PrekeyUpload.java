package dev.miyu.keys.prekey;

import java.util.List;

/** What a browser uploads: its current signed prekey and a batch of one-time prekeys, all on one curve. */
public record PrekeyUpload(String curve, Prekey signedPrekey, List<Prekey> oneTimePrekeys) {
}
