package dev.miyu.keys.prekey;

import java.time.Instant;

/**
 * The owner's view of their prekeys: which signed prekey is served (null before the first upload for the current
 * bundle) and how many one-time prekeys are left.
 */
public record PrekeyStock(String curve, Integer signedPrekeyId, Instant signedPrekeyPublishedAt, int oneTimePrekeys) {
}
