/**
 * The Double Ratchet of one conversation (docs/crypto.md §16): a DH ratchet step whenever the other side answers, a
 * symmetric chain step per message, message keys deleted once used, skipped keys kept (bounded) for out-of-order
 * messages, and the header authenticated together with sender, recipient and session. Pure functions: every call
 * returns a new state and leaves the given one untouched, so a message that fails changes nothing.
 */
import type { B64 } from './index';
import type { InitHeader } from './x3dh';
import { buf, decodeBase64, enc, fromUtf8Strict, randomBytes, toBase64 } from './encoding';
import { openJson, sealJson } from './cache';
import { type Curve, type DhPair, dh, generateDhPair, publicKeyLength } from './prekeys';

export const RATCHET_VERSION = 2;
/** Most message keys one message may make us skip (derive and store); beyond it the message is refused. */
export const MAX_SKIP = 1000;
/** Most skipped keys kept per conversation; the oldest are dropped first and their messages become "missing". */
export const MAX_SKIPPED_KEYS = 2000;
/** How many of the peer's past ratchet keys are remembered to tell a replay from a new ratchet step. */
export const OLD_RATCHET_KEYS = 64;

export const ROOT_INFO = 'miyu/v2/ratchet/root';
const AD_PREFIX = 'miyu/v2/msg\n';
const MAX_NAME = 256;

/** Header of every message: the sender's current ratchet public key, the previous chain's length, the counter. */
export interface RatchetHeader {
  dh: B64;
  pn: number;
  n: number;
}

/** One message on the wire. `init` is repeated until the recipient has answered (x3dh.ts). */
export interface RatchetMessage {
  v: 2;
  /** the relay frame id, bound into the AD so that the server cannot re-frame a message */
  id: string;
  /** hex SHA-256 of the signed session-setup text, names the session on both sides */
  sid: string;
  from: string;
  to: string;
  init: InitHeader | null;
  h: RatchetHeader;
  iv: B64;
  ct: B64;
}

export interface SkippedKey {
  dh: B64;
  n: number;
  mk: B64;
}

/** Everything a conversation needs; plain JSON so that it can be sealed under the cache key (sealRatchet). */
export interface RatchetState {
  v: 2;
  curve: Curve;
  sid: string;
  me: string;
  peer: string;
  rk: B64;
  dhs: DhPair;
  dhr: B64 | null;
  cks: B64 | null;
  ckr: B64 | null;
  ns: number;
  nr: number;
  pn: number;
  /** oldest first */
  skipped: SkippedKey[];
  /** the peer's ratchet keys we have moved past, oldest first */
  oldDhr: B64[];
  /** set on the initiator's side until the first answer arrives */
  init: InitHeader | null;
}

/** Why a message was refused; nothing of the state changes. */
export class RatchetError extends Error {
  override name = 'RatchetError';
  constructor(
    readonly reason:
      | 'malformed'
      | 'wrong-session'
      | 'replay'
      | 'too-far-ahead'
      | 'decrypt-failed'
      | 'cannot-send'
      | 'bad-signature'
      | 'key-mismatch'
      | 'unknown-prekey',
    message?: string,
  ) {
    super(message ?? reason);
  }
}

export interface Decrypted {
  plaintext: Uint8Array;
  state: RatchetState;
  /** message keys this message made us store for earlier messages that have not arrived yet (a visible gap) */
  skipped: number;
  /** stored keys dropped for the MAX_SKIPPED_KEYS limit: those messages can never be read ("message missing") */
  dropped: number;
}

/** KDF_RK: HKDF-SHA256(IKM = DH output, salt = root key, info "miyu/v2/ratchet/root", 64 bytes) → new root ‖ chain. */
export async function kdfRoot(rk: Uint8Array, dhOut: Uint8Array): Promise<[Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>]> {
  const ikm = await crypto.subtle.importKey('raw', buf(dhOut), 'HKDF', false, ['deriveBits']);
  const out = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: buf(rk), info: enc(ROOT_INFO) }, ikm, 512),
  );
  return [out.slice(0, 32), out.slice(32)];
}

const MESSAGE_KEY_BYTE = new Uint8Array([1]);
const CHAIN_KEY_BYTE = new Uint8Array([2]);

/** KDF_CK: message key = HMAC-SHA256(ck, 0x01), next chain key = HMAC-SHA256(ck, 0x02). */
export async function kdfChain(ck: Uint8Array): Promise<[Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>]> {
  const key = await crypto.subtle.importKey('raw', buf(ck), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const [mk, next] = await Promise.all([
    crypto.subtle.sign('HMAC', key, MESSAGE_KEY_BYTE),
    crypto.subtle.sign('HMAC', key, CHAIN_KEY_BYTE),
  ]);
  return [new Uint8Array(mk), new Uint8Array(next)];
}

/** "miyu/v2/msg\n" + from + "\n" + to + "\n" + sid + "\n" + id + "\n" + dh + "\n" + pn + "\n" + n */
export function messageAd(from: string, to: string, sid: string, id: string, h: RatchetHeader): string {
  return AD_PREFIX + from + '\n' + to + '\n' + sid + '\n' + id + '\n' + h.dh + '\n' + h.pn + '\n' + h.n;
}

async function aesKey(mk: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', buf(mk), 'AES-GCM', false, [usage]);
}

/** AES-256-GCM under a single-use message key, with a fresh random 96-bit IV all the same (as everywhere in MiYu). */
export async function sealWithMessageKey(mk: Uint8Array, ad: string, plaintext: Uint8Array, iv = randomBytes(12)): Promise<{ iv: B64; ct: B64 }> {
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc(ad) }, await aesKey(mk, 'encrypt'), buf(plaintext));
  return { iv: toBase64(iv), ct: toBase64(ct) };
}

async function openWithMessageKey(mk: Uint8Array, ad: string, iv: B64, ct: B64): Promise<Uint8Array> {
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: decodeBase64(iv), additionalData: enc(ad) }, await aesKey(mk, 'decrypt'), decodeBase64(ct)),
    );
  } catch {
    throw new RatchetError('decrypt-failed');
  }
}

/** The initiator's first state: a fresh ratchet key, one root step against the recipient's signed prekey. */
export async function initSender(p: {
  curve: Curve;
  sid: string;
  me: string;
  peer: string;
  sk: Uint8Array;
  peerSignedPrekey: B64;
  init: InitHeader;
}): Promise<RatchetState> {
  const dhs = await generateDhPair(p.curve);
  const [rk, cks] = await kdfRoot(p.sk, await dh(p.curve, dhs.privateKey, p.peerSignedPrekey));
  return {
    v: 2,
    curve: p.curve,
    sid: p.sid,
    me: p.me,
    peer: p.peer,
    rk: toBase64(rk),
    dhs,
    dhr: p.peerSignedPrekey,
    cks: toBase64(cks),
    ckr: null,
    ns: 0,
    nr: 0,
    pn: 0,
    skipped: [],
    oldDhr: [],
    init: p.init,
  };
}

/** The recipient's state before the first message: the signed prekey is its ratchet key; it cannot send yet. */
export function initReceiver(p: { curve: Curve; sid: string; me: string; peer: string; sk: Uint8Array; signedPrekey: DhPair }): RatchetState {
  return {
    v: 2,
    curve: p.curve,
    sid: p.sid,
    me: p.me,
    peer: p.peer,
    rk: toBase64(p.sk),
    dhs: { ...p.signedPrekey },
    dhr: null,
    cks: null,
    ckr: null,
    ns: 0,
    nr: 0,
    pn: 0,
    skipped: [],
    oldDhr: [],
    init: null,
  };
}

function clone(state: RatchetState): RatchetState {
  return {
    ...state,
    dhs: { ...state.dhs },
    skipped: state.skipped.map((k) => ({ ...k })),
    oldDhr: [...state.oldDhr],
  };
}

/** Encrypts one message: a chain step, the header, AES-256-GCM with the header and both names as AD. */
export async function ratchetEncrypt(state: RatchetState, id: string, plaintext: Uint8Array): Promise<{ message: RatchetMessage; state: RatchetState }> {
  if (state.cks === null) throw new RatchetError('cannot-send', 'the peer has not answered this session yet');
  checkName(id, 'id');
  const s = clone(state);
  const [mk, ck] = await kdfChain(decodeBase64(s.cks!));
  const h: RatchetHeader = { dh: s.dhs.publicKey, pn: s.pn, n: s.ns };
  s.cks = toBase64(ck);
  s.ns += 1;
  const { iv, ct } = await sealWithMessageKey(mk, messageAd(s.me, s.peer, s.sid, id, h), plaintext);
  mk.fill(0);
  return { message: { v: 2, id, sid: s.sid, from: s.me, to: s.peer, init: s.init, h, iv, ct }, state: s };
}

/**
 * Decrypts one message of this session. Order of checks: shape; sender, recipient and session; a stored skipped key
 * (out-of-order message); a past ratchet key or a counter below the chain's position (replay: that key is gone); a
 * gap over MAX_SKIP (too-far-ahead); then the ratchet and chain steps and AES-GCM.
 */
export async function ratchetDecrypt(state: RatchetState, message: RatchetMessage): Promise<Decrypted> {
  checkMessage(message, state.curve);
  if (message.from !== state.peer || message.to !== state.me || message.sid !== state.sid) throw new RatchetError('wrong-session');
  const s = clone(state);
  const { h } = message;
  const ad = messageAd(message.from, message.to, message.sid, message.id, h);

  const stored = s.skipped.findIndex((k) => k.dh === h.dh && k.n === h.n);
  if (stored >= 0) {
    const plaintext = await openWithMessageKey(decodeBase64(s.skipped[stored].mk), ad, message.iv, message.ct);
    s.skipped.splice(stored, 1);
    return { plaintext, state: answered(s), skipped: 0, dropped: 0 };
  }

  let skipped = 0;
  if (h.dh !== s.dhr) {
    if (s.oldDhr.includes(h.dh)) throw new RatchetError('replay');
    skipped += await skipUntil(s, h.pn);
    await ratchetStep(s, h.dh);
  }
  if (h.n < s.nr) throw new RatchetError('replay');
  skipped += await skipUntil(s, h.n);
  const [mk, ck] = await kdfChain(decodeBase64(s.ckr!));
  s.ckr = toBase64(ck);
  s.nr += 1;
  const plaintext = await openWithMessageKey(mk, ad, message.iv, message.ct);
  mk.fill(0);
  let dropped = 0;
  while (s.skipped.length > MAX_SKIPPED_KEYS) {
    s.skipped.shift();
    dropped += 1;
  }
  return { plaintext, state: answered(s), skipped, dropped };
}

/** Any message the peer sent in this session proves they have it: stop repeating the setup header. */
function answered(s: RatchetState): RatchetState {
  s.init = null;
  return s;
}

async function skipUntil(s: RatchetState, until: number): Promise<number> {
  if (s.ckr === null) return 0;
  if (until - s.nr > MAX_SKIP) throw new RatchetError('too-far-ahead', `a gap of ${until - s.nr} messages exceeds ${MAX_SKIP}`);
  let count = 0;
  let ck = decodeBase64(s.ckr);
  while (s.nr < until) {
    const [mk, next] = await kdfChain(ck);
    s.skipped.push({ dh: s.dhr!, n: s.nr, mk: toBase64(mk) });
    ck = next;
    s.nr += 1;
    count += 1;
  }
  s.ckr = toBase64(ck);
  return count;
}

async function ratchetStep(s: RatchetState, theirs: B64): Promise<void> {
  if (s.dhr !== null) s.oldDhr = [...s.oldDhr, s.dhr].slice(-OLD_RATCHET_KEYS);
  s.pn = s.ns;
  s.ns = 0;
  s.nr = 0;
  s.dhr = theirs;
  const [rk1, ckr] = await kdfRoot(decodeBase64(s.rk), await dh(s.curve, s.dhs.privateKey, theirs));
  s.dhs = await generateDhPair(s.curve);
  const [rk2, cks] = await kdfRoot(rk1, await dh(s.curve, s.dhs.privateKey, theirs));
  s.rk = toBase64(rk2);
  s.ckr = toBase64(ckr);
  s.cks = toBase64(cks);
}

function checkName(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME || /[\r\n]/.test(value)) {
    throw new RatchetError('malformed', `${field} must be 1 to ${MAX_NAME} characters without line breaks`);
  }
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function b64Length(value: unknown, check: (n: number) => boolean): boolean {
  try {
    return typeof value === 'string' && check(decodeBase64(value).length);
  } catch {
    return false;
  }
}

/** The shape check of a RatchetMessage (the init header is checked by x3dh.ts when it is used). */
export function checkMessage(m: RatchetMessage, curve: Curve): void {
  const bad = (why: string) => new RatchetError('malformed', why);
  if (typeof m !== 'object' || m === null || m.v !== RATCHET_VERSION) throw bad('not a version 2 message');
  checkName(m.id, 'id');
  checkName(m.from, 'from');
  checkName(m.to, 'to');
  if (typeof m.sid !== 'string' || !/^[0-9a-f]{64}$/.test(m.sid)) throw bad('sid must be 64 hex digits');
  const h = m.h;
  if (typeof h !== 'object' || h === null || !isCount(h.n) || !isCount(h.pn)) throw bad('header counters');
  if (!b64Length(h.dh, (n) => n === publicKeyLength(curve))) throw bad('header ratchet key');
  if (!b64Length(m.iv, (n) => n === 12)) throw bad('iv must be 12 bytes');
  if (!b64Length(m.ct, (n) => n >= 16)) throw bad('ct must hold at least the tag');
}

/** base64(UTF-8 JSON) for the relay frame body, like v1 envelopes. */
export function encodeRatchetMessage(message: RatchetMessage): string {
  return toBase64(enc(JSON.stringify(message)));
}

/** Parses a relay body; throws RatchetError('malformed') for anything that is not a version 2 message. */
export function decodeRatchetMessage(body: string): RatchetMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8Strict(decodeBase64(body)));
  } catch {
    throw new RatchetError('malformed', 'not base64 of UTF-8 JSON');
  }
  const m = parsed as RatchetMessage;
  if (typeof m !== 'object' || m === null || m.v !== RATCHET_VERSION) throw new RatchetError('malformed', 'not a version 2 message');
  return m;
}

/** A sealed state as IndexedDB keeps it (the cache module's record). */
export type SealedRatchet = Awaited<ReturnType<typeof sealJson>>;

/** Seals the state under the account's cache key (fresh IV per write); the store keeps `{ iv, ct }` only. */
export function sealRatchet(cacheKey: CryptoKey, state: RatchetState): Promise<SealedRatchet> {
  return sealJson(cacheKey, state);
}

/** Opens a sealed state and checks its shape; throws if it was altered, belongs to another key or is not a state. */
export async function openRatchet(cacheKey: CryptoKey, sealed: SealedRatchet): Promise<RatchetState> {
  const s = await openJson<RatchetState>(cacheKey, sealed);
  const keyOrNull = (v: unknown) => v === null || b64Length(v, (n) => n === 32);
  const ok =
    typeof s === 'object' &&
    s !== null &&
    s.v === RATCHET_VERSION &&
    (s.curve === 'X25519' || s.curve === 'P-256') &&
    typeof s.sid === 'string' &&
    typeof s.me === 'string' &&
    typeof s.peer === 'string' &&
    b64Length(s.rk, (n) => n === 32) &&
    keyOrNull(s.cks) &&
    keyOrNull(s.ckr) &&
    isCount(s.ns) &&
    isCount(s.nr) &&
    isCount(s.pn) &&
    Array.isArray(s.skipped) &&
    Array.isArray(s.oldDhr) &&
    typeof s.dhs === 'object' &&
    s.dhs !== null;
  if (!ok) throw new RatchetError('malformed', 'not a ratchet state');
  return s;
}
