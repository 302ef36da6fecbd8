/**
 * The MiYu end-to-end protocol (docs/crypto.md): key derivation, identity keys, key bundles, conversation sessions,
 * envelopes, replay protection, safety numbers and the local cache key. Pure functions over WebCrypto — no UI, no
 * network, no IndexedDB. Everything the rest of the app may use is exported from this file.
 *
 * CONTRACT (fixed; other modules are written against it): names, signatures and the shapes (defined in types.ts).
 */

export {
  PROTOCOL_VERSION,
  PBKDF2_ITERATIONS,
  /** A session is replaced after this many messages sent under it, after this age, or when either key changes. */
  SESSION_MAX_MESSAGES,
  SESSION_MAX_AGE_MS,
  /** Thrown when the password (hence kek) cannot open the key backup: AES-GCM authentication failed. */
  WrongPasswordError,
  /** Thrown for any envelope the receiver must not accept; `reason` is one of the listed codes. */
  RejectedEnvelopeError,
} from './errors';
export type { RejectReason } from './errors';

export type {
  B64,
  DerivedKeys,
  KeyBundle,
  Identity,
  PeerKeys,
  KeyExchange,
  Envelope,
  OutboundSession,
  ReplayState,
} from './types';

// --- encoding -----------------------------------------------------------------------------------------------------
/** toBase64/fromBase64: standard padded base64 (fromBase64 is strict); utf8/fromUtf8 via TextEncoder/TextDecoder; randomId: UUID v4. */
export { toBase64, fromBase64, utf8, fromUtf8, randomId } from './encoding';

// --- password -----------------------------------------------------------------------------------------------------
/** deriveKeys: K = PBKDF2-SHA256(password, SHA-256("miyu/v1/" + lower(username)), iterations); then the two HKDF outputs. */
export { deriveKeys } from './kdf';

// --- identity -----------------------------------------------------------------------------------------------------
/**
 * createIdentity: makes both key pairs, the signed bundle and the encrypted backup blob (opaque base64, < 16 KB) of both
 * PKCS#8 private keys under kek. `onProgress` gets short step names ('keys', 'bundle', 'backup').
 * openIdentity: opens a backup blob with kek (WrongPasswordError if it does not authenticate); private keys
 * non-extractable.
 * bundleText: "miyu/v1/key-bundle\n" + username + "\n" + encPublicKey + "\n" + signPublicKey.
 * fingerprint: lower-case hex SHA-256 of bundleText.
 * importPeer: checks key types and the bundle signature; throws Error naming the problem.
 */
export { createIdentity, openIdentity, bundleText, fingerprint, importPeer } from './identity';

// --- sessions and envelopes ---------------------------------------------------------------------------------------
/**
 * createSession: a fresh session key wrapped for both users and a signed key exchange.
 * needsRotation: true when the session must be replaced before the next message.
 * seal: encrypts one message (increments session.counter). AD = "miyu/v1\n" + from + "\n" + to + "\n" + sid + "\n"
 * + n + "\n" + id.
 * encodeEnvelope: base64 of the UTF-8 JSON. decodeEnvelope: parses and shape-checks; throws
 * RejectedEnvelopeError('malformed').
 * keyExchangeText: the text the key-exchange signature covers.
 */
export { createSession, needsRotation, seal, encodeEnvelope, decodeEnvelope, keyExchangeText } from './session';

/**
 * Receiver: verifies the key exchange against the sender's pinned keys, unwraps the session key (cached per session in
 * memory), rejects replays, stale counters, reflections and wrong recipients, and decrypts.
 * - open(from, frameId, envelope, sender): `from` is the relay's authenticated sender and `frameId` the relay frame id;
 *   both must match the envelope. Returns the plaintext or throws RejectedEnvelopeError.
 * - openOwn(envelope): decrypts one of the local user's own sent envelopes (history on another browser); no replay
 *   checks.
 * - exportState(): the serializable replay state, accepted again by the constructor.
 */
export { Receiver } from './receiver';

// --- trust --------------------------------------------------------------------------------------------------------
/**
 * safetyNumber: 60 digits (12 groups of 5 joined by spaces), the same for both users of the pair.
 * safetyQrText: the text encoded in the safety-number QR code.
 */
export { safetyNumber, safetyQrText } from './safety';

// --- local cache --------------------------------------------------------------------------------------------------
/** createCacheKey: a fresh non-extractable AES-256-GCM key for the IndexedDB message cache; sealJson/openJson. */
export { createCacheKey, sealJson, openJson } from './cache';
