/**
 * The shapes of the protocol's keys, bundles, sessions and envelopes (docs/crypto.md). A leaf module: the implementation
 * modules import their types from here, so none of them needs index.ts (which re-exports everything) and no import cycle
 * forms.
 */

/** Base64 (standard alphabet, padded) of raw bytes. */
export type B64 = string;

/** What the password yields: the secret sent to the server at login, and the key-encryption key that never leaves. */
export interface DerivedKeys {
  /** HKDF-SHA256(K, info "miyu/auth"), 32 bytes. */
  authSecret: Uint8Array;
  /** HKDF-SHA256(K, info "miyu/kek") as a non-extractable AES-256-GCM key. */
  kek: CryptoKey;
}

/** A published key bundle, exactly the JSON fields of PUT /api/keys/me. */
export interface KeyBundle {
  /** base64 SPKI DER of the RSA-OAEP-2048 (e = 65537, SHA-256) public key */
  encPublicKey: B64;
  /** base64 SPKI DER of the ECDSA P-256 public key */
  signPublicKey: B64;
  /** base64 raw r‖s ECDSA-P256-SHA256 signature over bundleText(username, …) */
  bundleSignature: B64;
}

/** The logged-in user's keys, in memory only. Private keys are non-extractable. */
export interface Identity {
  username: string;
  encPrivate: CryptoKey;
  signPrivate: CryptoKey;
  encPublic: CryptoKey;
  bundle: KeyBundle;
  /** lower-case hex SHA-256 of bundleText */
  fingerprint: string;
}

/** A friend's verified public keys. */
export interface PeerKeys {
  username: string;
  bundle: KeyBundle;
  fingerprint: string;
  encPublic: CryptoKey;
  signPublic: CryptoKey;
}

/** Signed key-exchange record that opens a session (DESIGN §5). Travels inside every envelope of the session. */
export interface KeyExchange {
  sid: string;
  from: string;
  to: string;
  fromFp: string;
  toFp: string;
  /** session key wrapped with RSA-OAEP for the recipient */
  wrapTo: B64;
  /** session key wrapped with RSA-OAEP for the sender (to read its own history elsewhere) */
  wrapFrom: B64;
  /** ms since epoch when the session was made */
  ts: number;
  /** ECDSA-P256-SHA256 raw r‖s over keyExchangeText(kx) */
  sig: B64;
}

/** What goes (base64 of its JSON) into a relay `send` frame's body. */
export interface Envelope {
  v: 1;
  kx: KeyExchange;
  /** message counter within the session, starting at 1 */
  n: number;
  /** message id, equal to the relay frame id */
  id: string;
  iv: B64;
  ct: B64;
}

/** A session the local user sends under. Its `key` is non-extractable. */
export interface OutboundSession {
  sid: string;
  peer: string;
  peerFingerprint: string;
  key: CryptoKey;
  kx: KeyExchange;
  /** counter of the last message sent */
  counter: number;
  createdAt: number;
}

/** Serializable replay state (persisted by the store between page loads). */
export interface ReplayState {
  /** per session id, the highest counter accepted */
  counters: Record<string, number>;
  /** message ids already accepted (bounded; the oldest are forgotten) */
  seen: string[];
}
