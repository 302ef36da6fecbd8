/**
 * Session setup like X3DH (docs/crypto.md §15): the initiator agrees an ephemeral key with the recipient's signed
 * prekey and one-time prekey, adds a random secret wrapped with the recipient's RSA-OAEP identity key, and derives the
 * first root key through HKDF bound to both key-bundle fingerprints; the signed setup header travels with the first
 * messages. The ECDSA identity signature stands in for X3DH's identity DH: it authenticates the initiator.
 */
import type { B64, Identity, PeerKeys } from './index';
import { concat, decodeBase64, enc, randomBytes, sha256, toBase64, toHex } from './encoding';
import { signText, verifyText } from './identity';
import { type Curve, type PrekeyStore, type VerifiedPrekeys, SEEN_INITS_LIMIT, dh, generateDhPair, publicKeyLength, supportsCurve } from './prekeys';
import { type Decrypted, type RatchetMessage, type RatchetState, RatchetError, checkMessage, initReceiver, initSender, ratchetDecrypt } from './ratchet';

export const X3DH_INFO_PREFIX = 'miyu/v2/x3dh\n';
const INIT_PREFIX = 'miyu/v2/init\n';
const HKDF_ZERO_SALT = new Uint8Array(32);
const RSA_OAEP = { name: 'RSA-OAEP' };

/** The signed session-setup header; `opk` is null when the recipient had no one-time prekey left. */
export interface InitHeader {
  curve: Curve;
  spk: number;
  opk: number | null;
  /** the initiator's ephemeral public key (raw, base64) */
  ek: B64;
  /** 32 random bytes RSA-OAEP-SHA256-wrapped to the recipient's encPublicKey */
  wrap: B64;
  fromFp: string;
  toFp: string;
  sig: B64;
}

/** "miyu/v2/init\n" + from + "\n" + to + "\n" + fromFp + "\n" + toFp + "\n" + curve + "\n" + spk + "\n" + (opk or "-") + "\n" + ek + "\n" + wrap */
export function initText(from: string, to: string, init: Omit<InitHeader, 'sig'>): string {
  return (
    INIT_PREFIX + from + '\n' + to + '\n' + init.fromFp + '\n' + init.toFp + '\n' + init.curve + '\n' + init.spk + '\n' +
    (init.opk ?? '-') + '\n' + init.ek + '\n' + init.wrap
  );
}

/** The session id: lower-case hex SHA-256 of initText. */
export async function sessionId(from: string, to: string, init: Omit<InitHeader, 'sig'>): Promise<string> {
  return toHex(await sha256(enc(initText(from, to, init))));
}

/**
 * SK = HKDF-SHA256(IKM = DH1 ‖ DH2 ‖ S, salt = 32 zero bytes, info = "miyu/v2/x3dh\n" + fromFp + "\n" + toFp, 32 bytes)
 * with DH1 = DH(EK, SPK), DH2 = DH(EK, OPK) (left out without a one-time prekey) and S the RSA-wrapped secret.
 */
export async function x3dhRootKey(dh1: Uint8Array, dh2: Uint8Array | null, s: Uint8Array, fromFp: string, toFp: string): Promise<Uint8Array<ArrayBuffer>> {
  const ikm = await crypto.subtle.importKey('raw', dh2 ? concat(dh1, dh2, s) : concat(dh1, s), 'HKDF', false, ['deriveBits']);
  const info = enc(X3DH_INFO_PREFIX + fromFp + '\n' + toFp);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: HKDF_ZERO_SALT, info }, ikm, 256));
}

/**
 * Opens a session to `peer` with the prekeys `verifyPrekeys` accepted. Returns null when this browser cannot compute
 * on the peer's curve (X25519 prekeys, no X25519 here): the caller then uses the v1 session.
 */
export async function startSession(me: Identity, peer: PeerKeys, prekeys: VerifiedPrekeys): Promise<RatchetState | null> {
  if (!(await supportsCurve(prekeys.curve))) return null;
  const { curve } = prekeys;
  const ek = await generateDhPair(curve);
  const secret = randomBytes(32);
  const wrap = toBase64(await crypto.subtle.encrypt(RSA_OAEP, peer.encPublic, secret));
  const [dh1, dh2] = await Promise.all([
    dh(curve, ek.privateKey, prekeys.signedPrekey.publicKey),
    prekeys.oneTimePrekey ? dh(curve, ek.privateKey, prekeys.oneTimePrekey.publicKey) : Promise.resolve(null),
  ]);
  const unsigned = {
    curve,
    spk: prekeys.signedPrekey.id,
    opk: prekeys.oneTimePrekey?.id ?? null,
    ek: ek.publicKey,
    wrap,
    fromFp: me.fingerprint,
    toFp: peer.fingerprint,
  };
  const init: InitHeader = { ...unsigned, sig: await signText(me.signPrivate, initText(me.username, peer.username, unsigned)) };
  const sk = await x3dhRootKey(dh1, dh2, secret, me.fingerprint, peer.fingerprint);
  secret.fill(0);
  dh1.fill(0);
  dh2?.fill(0);
  const sid = await sessionId(me.username, peer.username, unsigned);
  const state = await initSender({ curve, sid, me: me.username, peer: peer.username, sk, peerSignedPrekey: prekeys.signedPrekey.publicKey, init });
  sk.fill(0);
  return state;
}

export interface Accepted extends Decrypted {
  /** the prekey store without the consumed one-time prekey and with this setup remembered: persist it with the state */
  store: PrekeyStore;
}

/**
 * Accepts the first message of a session `sender` (pinned keys) opened with us, and decrypts it. The checks, in
 * order: the message shape and init header shape (malformed); addressed from sender to us (wrong-session); both
 * fingerprints are the pinned ones (key-mismatch); the signature (bad-signature); the session id is the hash of the
 * header (wrong-session); the setup was not accepted before (replay); the prekeys exist (unknown-prekey); then the
 * agreement and the ratchet's first decryption (decrypt-failed). Nothing is consumed unless all pass: the caller
 * stores the returned store and state together.
 */
export async function acceptSession(me: Identity, sender: PeerKeys, store: PrekeyStore, message: RatchetMessage): Promise<Accepted> {
  const init = message.init;
  checkInit(init, store.curve);
  checkMessage(message, store.curve);
  if (message.to !== me.username || message.from !== sender.username) throw new RatchetError('wrong-session');
  if (init.fromFp !== sender.fingerprint || init.toFp !== me.fingerprint) throw new RatchetError('key-mismatch');
  const { sig, ...unsigned } = init;
  if (!(await verifyText(sender.signPublic, initText(message.from, message.to, unsigned), sig))) throw new RatchetError('bad-signature');
  if ((await sessionId(message.from, message.to, unsigned)) !== message.sid) throw new RatchetError('wrong-session');
  const seen = init.spk + ':' + init.ek;
  if (store.seenInits.includes(seen)) throw new RatchetError('replay');
  const spk = store.signed.id === init.spk ? store.signed : store.previousSigned.find((p) => p.id === init.spk);
  const opk = init.opk === null ? null : store.oneTime.find((p) => p.id === init.opk);
  if (!spk || opk === undefined) throw new RatchetError('unknown-prekey');

  let secret: Uint8Array;
  try {
    secret = new Uint8Array(await crypto.subtle.decrypt(RSA_OAEP, me.encPrivate, decodeBase64(init.wrap)));
  } catch {
    throw new RatchetError('decrypt-failed');
  }
  if (secret.length !== 32) throw new RatchetError('decrypt-failed');
  const [dh1, dh2] = await Promise.all([
    dh(store.curve, spk.privateKey, init.ek),
    opk ? dh(store.curve, opk.privateKey, init.ek) : Promise.resolve(null),
  ]);
  const sk = await x3dhRootKey(dh1, dh2, secret, init.fromFp, init.toFp);
  secret.fill(0);
  const fresh = initReceiver({
    curve: store.curve,
    sid: message.sid,
    me: me.username,
    peer: sender.username,
    sk,
    signedPrekey: { publicKey: spk.publicKey, privateKey: spk.privateKey },
  });
  sk.fill(0);
  const opened = await ratchetDecrypt(fresh, message);
  const next: PrekeyStore = {
    ...store,
    oneTime: opk ? store.oneTime.filter((p) => p.id !== opk.id) : store.oneTime,
    seenInits: [...store.seenInits, seen].slice(-SEEN_INITS_LIMIT),
  };
  return { ...opened, store: next };
}

function checkInit(init: InitHeader | null, curve: Curve): asserts init is InitHeader {
  const bad = (why: string) => new RatchetError('malformed', 'init: ' + why);
  if (typeof init !== 'object' || init === null) throw bad('missing');
  if (init.curve !== curve) throw bad('made for another curve than our prekeys');
  const count = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!count(init.spk) || !(init.opk === null || count(init.opk))) throw bad('prekey ids');
  const len = (v: unknown, n: number) => {
    try {
      return typeof v === 'string' && decodeBase64(v).length === n;
    } catch {
      return false;
    }
  };
  if (!len(init.ek, publicKeyLength(curve))) throw bad('ephemeral key');
  if (!len(init.wrap, 256)) throw bad('wrap must be 256 bytes');
  if (!len(init.sig, 64)) throw bad('sig must be 64 bytes');
  if (![init.fromFp, init.toFp].every((fp) => typeof fp === 'string' && /^[0-9a-f]{64}$/.test(fp))) throw bad('fingerprints');
}
