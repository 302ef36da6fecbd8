/**
 * Prekeys (docs/crypto.md §14): the Diffie-Hellman keys a user publishes so that friends can open forward-secret
 * sessions with them while they are offline — one signed prekey, rotated weekly, and a stock of one-time prekeys, all
 * signed with the identity ECDSA key. Also the curve detection and the raw DH helpers that x3dh.ts and ratchet.ts share.
 */
import type { B64, PeerKeys } from './index';
import { buf, decodeBase64, toBase64 } from './encoding';
import { signText, verifyText } from './identity';

/** X25519 where WebCrypto has it (Chromium ≥ 133, Firefox ≥ 130, Safari ≥ 17, Node ≥ 20), P-256 ECDH otherwise. */
export type Curve = 'X25519' | 'P-256';

/** A DH key pair as it is stored: raw public key and PKCS#8 private key, both base64. */
export interface DhPair {
  publicKey: B64;
  privateKey: B64;
}

/** One published prekey: what PUT /api/keys/me/prekeys carries and the prekey-bundle fetch serves. */
export interface PublicPrekey {
  id: number;
  publicKey: B64;
  signature: B64;
}

/** The body of PUT /api/keys/me/prekeys. */
export interface PrekeyUpload {
  curve: Curve;
  signedPrekey: PublicPrekey;
  oneTimePrekeys: PublicPrekey[];
}

/** A prekey with its private half, kept by its owner (sealed under the cache key at rest). */
export interface OwnPrekey extends DhPair {
  id: number;
}

/**
 * The owner's private prekeys. `previousSigned` keeps a rotated-out signed prekey for SIGNED_PREKEY_GRACE_MS so that
 * session setups made with it just before the rotation still open; `seenInits` refuses a replayed session setup.
 */
export interface PrekeyStore {
  v: 2;
  curve: Curve;
  signed: OwnPrekey & { signature: B64; createdAt: number };
  previousSigned: (OwnPrekey & { retiredAt: number })[];
  oneTime: OwnPrekey[];
  /** The next unused prekey id; ids are never reused, so a server-side duplicate is always a retry. */
  nextId: number;
  /** `spkId + ":" + ephemeral key` of every accepted session setup, oldest first, bounded to SEEN_INITS_LIMIT. */
  seenInits: string[];
}

/** What a sender accepts from the prekey-bundle fetch once every signature verified. */
export interface VerifiedPrekeys {
  curve: Curve;
  signedPrekey: { id: number; publicKey: B64 };
  oneTimePrekey: { id: number; publicKey: B64 } | null;
}

export const SIGNED_PREKEY_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
export const SIGNED_PREKEY_GRACE_MS = 30 * 24 * 3600 * 1000;
/** How many one-time prekeys a refill tops up to; the server stores at most 200 and warns below 10. */
export const ONE_TIME_PREKEY_TARGET = 100;
export const SEEN_INITS_LIMIT = 10000;
const PREKEY_PREFIX = 'miyu/v2/prekey\n';

/** "miyu/v2/prekey\n" + username + "\n" + curve + "\n" + kind + "\n" + id + "\n" + publicKey */
export function prekeyText(username: string, curve: Curve, kind: 'signed' | 'one-time', id: number, publicKey: B64): string {
  return PREKEY_PREFIX + username + '\n' + curve + '\n' + kind + '\n' + id + '\n' + publicKey;
}

let detected: Promise<Curve> | undefined;

/** The curve this browser's WebCrypto supports best: X25519 if it can generate and agree with it, else P-256. */
export function detectCurve(): Promise<Curve> {
  detected ??= (async (): Promise<Curve> => {
    try {
      const a = (await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits'])) as CryptoKeyPair;
      await crypto.subtle.deriveBits({ name: 'X25519', public: a.publicKey }, a.privateKey, 256);
      return 'X25519';
    } catch {
      return 'P-256';
    }
  })();
  return detected;
}

/** Whether this browser can compute with keys of `curve` (a sender needs the recipient's curve). */
export async function supportsCurve(curve: Curve): Promise<boolean> {
  return curve === 'P-256' || (await detectCurve()) === 'X25519';
}

function algorithm(curve: Curve): EcKeyImportParams | Algorithm {
  return curve === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: 'P-256' };
}

/** Raw public key length of each curve: 32 bytes, or the 65-byte uncompressed P-256 point. */
export function publicKeyLength(curve: Curve): number {
  return curve === 'X25519' ? 32 : 65;
}

/** A fresh DH pair, exported for storage (extractable only for that export; the CryptoKeys are dropped). */
export async function generateDhPair(curve: Curve): Promise<DhPair> {
  const pair = (await crypto.subtle.generateKey(algorithm(curve), true, ['deriveBits'])) as CryptoKeyPair;
  const [pub, priv] = await Promise.all([
    crypto.subtle.exportKey('raw', pair.publicKey),
    crypto.subtle.exportKey('pkcs8', pair.privateKey),
  ]);
  return { publicKey: toBase64(pub), privateKey: toBase64(priv) };
}

/** Imports a peer's raw public key; throws if it is not a valid point of `curve`. */
export async function importDhPublic(curve: Curve, publicKey: B64): Promise<CryptoKey> {
  const raw = decodeBase64(publicKey);
  if (raw.length !== publicKeyLength(curve)) throw new Error(`a ${curve} public key has ${publicKeyLength(curve)} bytes`);
  return crypto.subtle.importKey('raw', raw, algorithm(curve), false, []);
}

export async function importDhPrivate(curve: Curve, privateKey: B64): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', decodeBase64(privateKey), algorithm(curve), false, ['deriveBits']);
}

/** The 32-byte shared secret DH(private, public). WebCrypto refuses an all-zero X25519 result (small-order point). */
export async function dh(curve: Curve, privateKey: B64, publicKey: B64): Promise<Uint8Array<ArrayBuffer>> {
  const [priv, pub] = await Promise.all([importDhPrivate(curve, privateKey), importDhPublic(curve, publicKey)]);
  const name = curve === 'X25519' ? 'X25519' : 'ECDH';
  return buf(new Uint8Array(await crypto.subtle.deriveBits({ name, public: pub } as EcdhKeyDeriveParams, priv, 256)));
}

interface Signer {
  username: string;
  signPrivate: CryptoKey;
}

async function makePrekeys(me: Signer, curve: Curve, kind: 'signed' | 'one-time', firstId: number, count: number) {
  const pairs = await Promise.all(Array.from({ length: count }, () => generateDhPair(curve)));
  return Promise.all(
    pairs.map(async (pair, i) => {
      const id = firstId + i;
      return { id, ...pair, signature: await signText(me.signPrivate, prekeyText(me.username, curve, kind, id, pair.publicKey)) };
    }),
  );
}

function publicOf(prekey: OwnPrekey & { signature: B64 }): PublicPrekey {
  return { id: prekey.id, publicKey: prekey.publicKey, signature: prekey.signature };
}

/** A new store (signed prekey + `count` one-time prekeys on the detected curve) and the upload that publishes it. */
export async function createPrekeyStore(
  me: Signer,
  now: number,
  count = ONE_TIME_PREKEY_TARGET,
  curve?: Curve,
): Promise<{ store: PrekeyStore; upload: PrekeyUpload }> {
  const use = curve ?? (await detectCurve());
  const [signed] = await makePrekeys(me, use, 'signed', 1, 1);
  const oneTime = await makePrekeys(me, use, 'one-time', 2, count);
  const store: PrekeyStore = {
    v: 2,
    curve: use,
    signed: { ...signed, createdAt: now },
    previousSigned: [],
    oneTime: oneTime.map(({ id, publicKey, privateKey }) => ({ id, publicKey, privateKey })),
    nextId: 2 + count,
    seenInits: [],
  };
  return { store, upload: { curve: use, signedPrekey: publicOf(store.signed), oneTimePrekeys: oneTime.map(publicOf) } };
}

/**
 * Tops the one-time prekeys up to `target` after the server said `remaining` are left (PrekeysLow or the stock call).
 * Private halves of keys the server has already handed out stay until a session setup consumes them.
 */
export async function refillPrekeys(
  me: Signer,
  store: PrekeyStore,
  remaining: number,
  target = ONE_TIME_PREKEY_TARGET,
): Promise<{ store: PrekeyStore; upload: PrekeyUpload }> {
  const count = Math.max(0, target - remaining);
  const fresh = await makePrekeys(me, store.curve, 'one-time', store.nextId, count);
  const next: PrekeyStore = {
    ...store,
    oneTime: [...store.oneTime, ...fresh.map(({ id, publicKey, privateKey }) => ({ id, publicKey, privateKey }))],
    nextId: store.nextId + count,
  };
  return { store: next, upload: { curve: store.curve, signedPrekey: publicOf(store.signed), oneTimePrekeys: fresh.map(publicOf) } };
}

/** True once the signed prekey is a week old: the app then calls rotateSignedPrekey and uploads. */
export function needsSignedPrekeyRotation(store: PrekeyStore, now: number): boolean {
  return now - store.signed.createdAt >= SIGNED_PREKEY_MAX_AGE_MS;
}

/**
 * Replaces the signed prekey. The old one stays in `previousSigned` for the grace period (setups already in flight),
 * older ones are deleted — that deletion is what gives sessions set up without a one-time prekey forward secrecy.
 */
export async function rotateSignedPrekey(me: Signer, store: PrekeyStore, now: number): Promise<{ store: PrekeyStore; upload: PrekeyUpload }> {
  const [signed] = await makePrekeys(me, store.curve, 'signed', store.nextId, 1);
  const retired = { id: store.signed.id, publicKey: store.signed.publicKey, privateKey: store.signed.privateKey, retiredAt: now };
  const keep = [...store.previousSigned, retired].filter((p) => now - p.retiredAt < SIGNED_PREKEY_GRACE_MS);
  const kept = new Set(keep.map((p) => p.id));
  const next: PrekeyStore = {
    ...store,
    signed: { ...signed, createdAt: now },
    previousSigned: keep,
    nextId: store.nextId + 1,
    // A setup names its signed prekey; once that key is deleted the setup cannot be accepted anyway.
    seenInits: store.seenInits.filter((seen) => kept.has(Number(seen.split(':')[0]))),
  };
  return { store: next, upload: { curve: store.curve, signedPrekey: publicOf(next.signed), oneTimePrekeys: [] } };
}

/**
 * Checks what the prekey-bundle fetch served for `peer` (whose bundle the caller already verified and pinned):
 * a known curve, keys of the right length, and signatures by the peer's identity key for the peer's username.
 * Returns null when the peer has no signed prekey (an old client): the caller falls back to the v1 session.
 */
export async function verifyPrekeys(
  peer: Pick<PeerKeys, 'username' | 'signPublic'>,
  served: { curve: string | null; signedPrekey: PublicPrekey | null; oneTimePrekey: PublicPrekey | null },
): Promise<VerifiedPrekeys | null> {
  if (served.signedPrekey === null || served.curve === null) return null;
  const curve = served.curve;
  if (curve !== 'X25519' && curve !== 'P-256') throw new Error('prekeys: unknown curve');
  const check = async (prekey: PublicPrekey, kind: 'signed' | 'one-time') => {
    const ok =
      Number.isSafeInteger(prekey.id) &&
      prekey.id >= 0 &&
      lengthIs(prekey.publicKey, publicKeyLength(curve)) &&
      (await verifyText(peer.signPublic, prekeyText(peer.username, curve, kind, prekey.id, prekey.publicKey), prekey.signature));
    if (!ok) throw new Error(`prekeys: the ${kind} prekey is not signed by ${peer.username}'s identity key`);
    return { id: prekey.id, publicKey: prekey.publicKey };
  };
  return {
    curve,
    signedPrekey: await check(served.signedPrekey, 'signed'),
    oneTimePrekey: served.oneTimePrekey === null ? null : await check(served.oneTimePrekey, 'one-time'),
  };
}

function lengthIs(b64: unknown, n: number): boolean {
  try {
    return typeof b64 === 'string' && decodeBase64(b64).length === n;
  } catch {
    return false;
  }
}
