/**
 * The receiving side (docs/crypto.md §7): every check on an incoming envelope, in a fixed order, the per-session key
 * cache and the replay state.
 */
import type { Envelope, Identity, PeerKeys, ReplayState } from './types';
import { RejectedEnvelopeError, type RejectReason } from './errors';
import { decodeBase64 } from './encoding';
import { importSignPublic, RSA_PARAMS, verifyText } from './identity';
import { checkEnvelope, keyExchangeText, messageAdditionalData } from './session';

/** How many accepted message ids the receiver remembers (the oldest are forgotten first). */
export const SEEN_LIMIT = 5000;
/** How many unwrapped session keys are kept in memory. */
const KEY_CACHE_LIMIT = 256;

function reject(reason: RejectReason, message?: string): never {
  throw new RejectedEnvelopeError(reason, message);
}

/**
 * Key of the replay counter and of the key cache: sender and session id. A sid is only meaningful together with the
 * user who signed it; keying by both stops one friend from poisoning the counter of another friend's session by
 * reusing its sid. Neither part can contain a newline (checkEnvelope), so the key is unambiguous.
 */
function sessionKey(from: string, sid: string): string {
  return from + '\n' + sid;
}

/**
 * Receives envelopes: verifies the key exchange against the sender's pinned keys, unwraps the session key (cached
 * per session in memory), rejects replays, stale counters, reflections and wrong recipients, and decrypts.
 */
export class Receiver {
  private readonly me: Identity;
  private readonly counters = new Map<string, number>();
  /** Insertion-ordered: the first entries are the oldest. */
  private readonly seen = new Set<string>();
  private readonly keys = new Map<string, { wrapped: string; key: CryptoKey }>();
  private ownSignPublic: Promise<CryptoKey> | undefined;

  constructor(me: Identity, state?: ReplayState) {
    this.me = me;
    if (state && typeof state === 'object') {
      if (state.counters && typeof state.counters === 'object') {
        for (const [k, v] of Object.entries(state.counters)) {
          if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) this.counters.set(k, v);
        }
      }
      if (Array.isArray(state.seen)) {
        for (const id of state.seen.slice(-SEEN_LIMIT)) if (typeof id === 'string') this.seen.add(id);
      }
    }
  }

  /**
   * `from` is the relay's authenticated sender and `frameId` the relay frame id; both must match the envelope.
   * Returns the plaintext or throws RejectedEnvelopeError; the checks run in the order of docs/crypto.md §7.
   */
  async open(from: string, frameId: string, envelope: Envelope, sender: PeerKeys): Promise<Uint8Array> {
    const env = checkEnvelope(envelope);
    const kx = env.kx;
    const me = this.me;
    if (env.id !== frameId) reject('malformed', 'envelope id differs from the relay frame id');
    if (kx.from === me.username) reject('reflection', 'envelope was sent by this user');
    if (kx.to !== me.username) reject('wrong-recipient', `envelope is addressed to ${kx.to}`);
    if (from !== kx.from || sender.username !== from) reject('wrong-sender', `relay sender ${from} does not match ${kx.from}`);
    if (kx.fromFp !== sender.fingerprint) reject('key-mismatch', `${kx.from}'s key differs from the pinned key`);
    if (kx.toFp !== me.fingerprint) reject('key-mismatch', 'envelope was made for another key of this user');
    const { sig, ...unsigned } = kx;
    if (!(await verifyText(sender.signPublic, keyExchangeText(unsigned), sig))) reject('bad-signature');
    const slot = sessionKey(kx.from, kx.sid);
    this.checkFresh(slot, env);
    const key = await this.sessionKey(slot, kx.wrapTo);
    const plain = await decrypt(key, env);
    // Re-checked after the awaits: a concurrent open() of the same envelope may have been accepted meanwhile.
    this.checkFresh(slot, env);
    this.accept(slot, env);
    return plain;
  }

  /** Decrypts one of the local user's own sent envelopes (history on another browser); no replay checks. */
  async openOwn(envelope: Envelope): Promise<Uint8Array> {
    const env = checkEnvelope(envelope);
    const kx = env.kx;
    if (kx.from !== this.me.username) reject('wrong-sender', 'not an envelope of this user');
    if (kx.fromFp !== this.me.fingerprint) reject('key-mismatch', 'envelope was made with another key of this user');
    this.ownSignPublic ??= importSignPublic(this.me.bundle.signPublicKey);
    const { sig, ...unsigned } = kx;
    if (!(await verifyText(await this.ownSignPublic, keyExchangeText(unsigned), sig))) reject('bad-signature');
    const key = await this.sessionKey('\n' + kx.sid, kx.wrapFrom);
    return decrypt(key, env);
  }

  /** Serializable replay state; `new Receiver(me, state)` restores it. */
  exportState(): ReplayState {
    return { counters: Object.fromEntries(this.counters), seen: [...this.seen] };
  }

  private checkFresh(slot: string, env: Envelope): void {
    if (this.seen.has(env.id)) reject('replay', 'message id already accepted');
    if (env.n <= (this.counters.get(slot) ?? 0)) reject('stale-counter', 'message counter not above the last accepted');
  }

  private accept(slot: string, env: Envelope): void {
    this.seen.add(env.id);
    while (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value as string);
    this.counters.set(slot, env.n);
  }

  /** The unwrapped (non-extractable) session key, from the cache when the same wrapped key was seen before. */
  private async sessionKey(slot: string, wrapped: string): Promise<CryptoKey> {
    const cached = this.keys.get(slot);
    if (cached && cached.wrapped === wrapped) return cached.key;
    let key: CryptoKey;
    try {
      key = await crypto.subtle.unwrapKey(
        'raw',
        decodeBase64(wrapped),
        this.me.encPrivate,
        RSA_PARAMS,
        { name: 'AES-GCM', length: 256 },
        false,
        ['decrypt'],
      );
    } catch {
      reject('decrypt-failed', 'session key does not unwrap');
    }
    if ((key.algorithm as AesKeyAlgorithm).length !== 256) reject('decrypt-failed', 'session key is not 256 bits');
    this.keys.delete(slot);
    this.keys.set(slot, { wrapped, key });
    while (this.keys.size > KEY_CACHE_LIMIT) this.keys.delete(this.keys.keys().next().value as string);
    return key;
  }
}

async function decrypt(key: CryptoKey, env: Envelope): Promise<Uint8Array> {
  const { kx } = env;
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: decodeBase64(env.iv), additionalData: messageAdditionalData(kx.from, kx.to, kx.sid, env.n, env.id) },
        key,
        decodeBase64(env.ct),
      ),
    );
  } catch {
    reject('decrypt-failed');
  }
}
