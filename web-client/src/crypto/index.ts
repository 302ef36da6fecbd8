/**
 * The MiYu end-to-end protocol (docs/crypto.md): key derivation, identity keys, key bundles, conversation sessions,
 * envelopes, replay protection, safety numbers and the local cache key. Pure functions over WebCrypto — no UI, no
 * network, no IndexedDB. Everything the rest of the app may use is exported from this file.
 *
 * CONTRACT (fixed; other modules are written against it): names, signatures and the shapes below.
 */

/** Base64 (standard alphabet, padded) of raw bytes. */
export type B64 = string;

export const PROTOCOL_VERSION = 1;
export const PBKDF2_ITERATIONS = 600_000;
/** A session is replaced after this many messages sent under it, after this age, or when either key changes. */
export const SESSION_MAX_MESSAGES = 200;
export const SESSION_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Thrown when the password (hence kek) cannot open the key backup: AES-GCM authentication failed. */
export class WrongPasswordError extends Error {}
/** Thrown for any envelope the receiver must not accept; `reason` is one of the listed codes. */
export class RejectedEnvelopeError extends Error {
  constructor(
    readonly reason:
      | 'malformed'
      | 'bad-signature'
      | 'wrong-recipient'
      | 'reflection'
      | 'wrong-sender'
      | 'key-mismatch'
      | 'replay'
      | 'stale-counter'
      | 'decrypt-failed',
    message?: string,
  ) {
    super(message ?? reason);
  }
}

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

// --- encoding -----------------------------------------------------------------------------------------------------
export declare function toBase64(bytes: Uint8Array | ArrayBuffer): B64;
export declare function fromBase64(b64: B64): Uint8Array;
export declare function utf8(text: string): Uint8Array;
export declare function fromUtf8(bytes: Uint8Array | ArrayBuffer): string;
export declare function randomId(): string; // UUID v4

// --- password -----------------------------------------------------------------------------------------------------
/** K = PBKDF2-SHA256(password, SHA-256("miyu/v1/" + lower(username)), iterations); then the two HKDF outputs. */
export declare function deriveKeys(username: string, password: string, iterations?: number): Promise<DerivedKeys>;

// --- identity -----------------------------------------------------------------------------------------------------
/**
 * Makes both key pairs, the signed bundle and the encrypted backup blob (opaque base64, < 16 KB) of both PKCS#8
 * private keys under kek. `onProgress` gets short step names ('keys', 'bundle', 'backup').
 */
export declare function createIdentity(
  username: string,
  kek: CryptoKey,
  onProgress?: (step: string) => void,
): Promise<{ identity: Identity; backup: B64 }>;
/** Opens a backup blob with kek (WrongPasswordError if it does not authenticate); private keys non-extractable. */
export declare function openIdentity(username: string, backup: B64, kek: CryptoKey): Promise<Identity>;
/** "miyu/v1/key-bundle\n" + username + "\n" + encPublicKey + "\n" + signPublicKey */
export declare function bundleText(username: string, encPublicKey: B64, signPublicKey: B64): string;
export declare function fingerprint(username: string, bundle: Pick<KeyBundle, 'encPublicKey' | 'signPublicKey'>): Promise<string>;
/** Checks key types and the bundle signature; throws Error naming the problem. */
export declare function importPeer(username: string, bundle: KeyBundle): Promise<PeerKeys>;

// --- sessions and envelopes ---------------------------------------------------------------------------------------
export declare function createSession(me: Identity, peer: PeerKeys, now?: number): Promise<OutboundSession>;
/** true when the session must be replaced before the next message. */
export declare function needsRotation(session: OutboundSession, peerFingerprint: string, now?: number): boolean;
/** Encrypts one message (increments session.counter). AD = "miyu/v1\n" + from + "\n" + to + "\n" + sid + "\n" + n + "\n" + id. */
export declare function seal(me: Identity, session: OutboundSession, id: string, plaintext: Uint8Array): Promise<Envelope>;
export declare function encodeEnvelope(envelope: Envelope): B64;
/** Parses and shape-checks; throws RejectedEnvelopeError('malformed'). */
export declare function decodeEnvelope(body: B64): Envelope;

/**
 * Receives envelopes: verifies the key exchange against the sender's pinned keys, unwraps the session key (cached
 * per sid in memory), rejects replays, stale counters, reflections and wrong recipients, and decrypts.
 */
export declare class Receiver {
  constructor(me: Identity, state?: ReplayState);
  /**
   * `from` is the relay's authenticated sender and `frameId` the relay frame id; both must match the envelope.
   * Returns the plaintext or throws RejectedEnvelopeError.
   */
  open(from: string, frameId: string, envelope: Envelope, sender: PeerKeys): Promise<Uint8Array>;
  /** Decrypts one of the local user's own sent envelopes (history on another browser); no replay checks. */
  openOwn(envelope: Envelope): Promise<Uint8Array>;
  exportState(): ReplayState;
}

// --- trust --------------------------------------------------------------------------------------------------------
/** 60 digits (12 groups of 5 joined by spaces), the same for both users of the pair. */
export declare function safetyNumber(
  a: { username: string; fingerprint: string },
  b: { username: string; fingerprint: string },
): Promise<string>;
/** The text encoded in the safety-number QR code. */
export declare function safetyQrText(
  a: { username: string; fingerprint: string },
  b: { username: string; fingerprint: string },
): Promise<string>;

// --- local cache --------------------------------------------------------------------------------------------------
/** A fresh non-extractable AES-256-GCM key for the IndexedDB message cache. */
export declare function createCacheKey(): Promise<CryptoKey>;
export declare function sealJson(key: CryptoKey, value: unknown): Promise<{ iv: Uint8Array; ct: ArrayBuffer }>;
export declare function openJson<T>(key: CryptoKey, sealed: { iv: Uint8Array; ct: ArrayBuffer }): Promise<T>;
