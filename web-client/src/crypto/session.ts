/**
 * Conversation sessions and envelopes (docs/crypto.md §5–6): the signed key exchange, rotation rules, sealing one
 * message, and the strict envelope codec.
 */
import type { B64, Envelope, Identity, KeyExchange, OutboundSession, PeerKeys } from './types';
import { PROTOCOL_VERSION, RejectedEnvelopeError, SESSION_MAX_AGE_MS, SESSION_MAX_MESSAGES } from './errors';
import { buf, decodeBase64, enc, fromUtf8Strict, randomBytes, randomId, toBase64 } from './encoding';
import { RSA_PARAMS, signText } from './identity';

/** The text the key-exchange signature covers (every field but sig, in this order, newline-separated). */
export function keyExchangeText(kx: Omit<KeyExchange, 'sig'>): string {
  return ['miyu/v1/kx', kx.sid, kx.from, kx.to, kx.fromFp, kx.toFp, kx.wrapTo, kx.wrapFrom, String(kx.ts)].join('\n');
}

/** AES-GCM additional data of message n: "miyu/v1\n" + from + "\n" + to + "\n" + sid + "\n" + n + "\n" + id. */
export function messageAdditionalData(from: string, to: string, sid: string, n: number, id: string): Uint8Array<ArrayBuffer> {
  return enc('miyu/v1\n' + from + '\n' + to + '\n' + sid + '\n' + String(n) + '\n' + id);
}

/** A fresh random AES-256-GCM session key (non-extractable), wrapped for peer and self, and the signed key exchange. */
export async function createSession(me: Identity, peer: PeerKeys, now: number = Date.now()): Promise<OutboundSession> {
  const raw = randomBytes(32);
  try {
    const [wrapTo, wrapFrom, key] = await Promise.all([
      crypto.subtle.encrypt(RSA_PARAMS, peer.encPublic, raw),
      crypto.subtle.encrypt(RSA_PARAMS, me.encPublic, raw),
      crypto.subtle.importKey('raw', raw, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    ]);
    const unsigned: Omit<KeyExchange, 'sig'> = {
      sid: randomId(),
      from: me.username,
      to: peer.username,
      fromFp: me.fingerprint,
      toFp: peer.fingerprint,
      wrapTo: toBase64(wrapTo),
      wrapFrom: toBase64(wrapFrom),
      ts: now,
    };
    const kx: KeyExchange = { ...unsigned, sig: await signText(me.signPrivate, keyExchangeText(unsigned)) };
    return { sid: kx.sid, peer: peer.username, peerFingerprint: peer.fingerprint, key, kx, counter: 0, createdAt: now };
  } finally {
    raw.fill(0);
  }
}

/** true when the session must be replaced before the next message: 200 messages, 24 h, or a changed peer key. */
export function needsRotation(session: OutboundSession, peerFingerprint: string, now: number = Date.now()): boolean {
  return (
    session.counter >= SESSION_MAX_MESSAGES ||
    now - session.createdAt >= SESSION_MAX_AGE_MS ||
    peerFingerprint !== session.peerFingerprint
  );
}

/** Encrypts one message (increments session.counter). AD = "miyu/v1\n" + from + "\n" + to + "\n" + sid + "\n" + n + "\n" + id. */
export async function seal(me: Identity, session: OutboundSession, id: string, plaintext: Uint8Array): Promise<Envelope> {
  if (session.kx.from !== me.username || session.kx.fromFp !== me.fingerprint) {
    throw new Error('session was not made by this identity');
  }
  if (typeof id !== 'string' || !isField(id)) throw new Error('message id must be a non-empty single-line string');
  session.counter += 1;
  const n = session.counter;
  const iv = randomBytes(12);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: messageAdditionalData(session.kx.from, session.kx.to, session.sid, n, id) },
    session.key,
    buf(plaintext),
  );
  return { v: PROTOCOL_VERSION, kx: session.kx, n, id, iv: toBase64(iv), ct: toBase64(ct) };
}

/** base64 of the envelope's UTF-8 JSON: the body of a relay `send` frame. */
export function encodeEnvelope(envelope: Envelope): B64 {
  return toBase64(enc(JSON.stringify(envelope)));
}

/** Parses and shape-checks (see checkEnvelope); throws RejectedEnvelopeError('malformed'). */
export function decodeEnvelope(body: B64): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8Strict(decodeBase64(body)));
  } catch {
    throw new RejectedEnvelopeError('malformed', 'envelope is not base64 of UTF-8 JSON');
  }
  return checkEnvelope(parsed);
}

// --- shape checks ---------------------------------------------------------------------------------------------------

const ENVELOPE_KEYS = ['v', 'kx', 'n', 'id', 'iv', 'ct'];
const KX_KEYS = ['sid', 'from', 'to', 'fromFp', 'toFp', 'wrapTo', 'wrapFrom', 'ts', 'sig'];
const FINGERPRINT = /^[0-9a-f]{64}$/;
const MAX_FIELD = 256;

/** A value that is safe to put between newlines in a signed or authenticated text. */
function isField(s: unknown): s is string {
  return typeof s === 'string' && s.length > 0 && s.length <= MAX_FIELD && !/[\n\r]/.test(s);
}

function hasExactKeys(x: unknown, keys: string[]): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(x, k));
}

function isBase64Of(s: unknown, check: (length: number) => boolean): s is string {
  if (typeof s !== 'string') return false;
  try {
    return check(decodeBase64(s).length);
  } catch {
    return false;
  }
}

function malformed(what: string): never {
  throw new RejectedEnvelopeError('malformed', `malformed envelope: ${what}`);
}

/**
 * Strict shape check of a parsed envelope: exactly the known fields, v = 1, 1 ≤ n safe integer, single-line text
 * fields, 64-hex fingerprints, RSA-2048 wrapped keys (256 bytes), a 64-byte signature, a 12-byte IV and a ciphertext
 * of at least the 16-byte tag. Returns a fresh object holding only those fields; throws RejectedEnvelopeError('malformed').
 */
export function checkEnvelope(x: unknown): Envelope {
  if (!hasExactKeys(x, ENVELOPE_KEYS)) malformed('fields');
  if (x.v !== PROTOCOL_VERSION) malformed('version');
  if (typeof x.n !== 'number' || !Number.isSafeInteger(x.n) || x.n < 1) malformed('n');
  if (!isField(x.id)) malformed('id');
  if (!isBase64Of(x.iv, (l) => l === 12)) malformed('iv');
  if (!isBase64Of(x.ct, (l) => l >= 16)) malformed('ct');
  const k = x.kx;
  if (!hasExactKeys(k, KX_KEYS)) malformed('kx fields');
  if (!isField(k.sid) || !isField(k.from) || !isField(k.to)) malformed('kx sid/from/to');
  if (typeof k.fromFp !== 'string' || !FINGERPRINT.test(k.fromFp)) malformed('kx.fromFp');
  if (typeof k.toFp !== 'string' || !FINGERPRINT.test(k.toFp)) malformed('kx.toFp');
  if (!isBase64Of(k.wrapTo, (l) => l === 256) || !isBase64Of(k.wrapFrom, (l) => l === 256)) malformed('kx wrapped keys');
  if (typeof k.ts !== 'number' || !Number.isSafeInteger(k.ts) || k.ts < 0) malformed('kx.ts');
  if (!isBase64Of(k.sig, (l) => l === 64)) malformed('kx.sig');
  const kx: KeyExchange = {
    sid: k.sid,
    from: k.from,
    to: k.to,
    fromFp: k.fromFp,
    toFp: k.toFp,
    wrapTo: k.wrapTo,
    wrapFrom: k.wrapFrom,
    ts: k.ts,
    sig: k.sig,
  };
  return { v: PROTOCOL_VERSION, kx, n: x.n, id: x.id, iv: x.iv, ct: x.ct };
}
