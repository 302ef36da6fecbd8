/**
 * Identity keys (docs/crypto.md §3–4): the RSA-OAEP-2048 encryption pair and the ECDSA P-256 signing pair, the signed
 * key bundle, its fingerprint, the encrypted backup blob, and the checks applied to a friend's bundle.
 */
import type { B64, Identity, KeyBundle, PeerKeys } from './types';
import { WrongPasswordError } from './errors';
import { buf, bytesEqual, decodeBase64, enc, fromUtf8Strict, randomBytes, sha256, toBase64, toHex } from './encoding';

export const RSA_PARAMS: RsaHashedImportParams = { name: 'RSA-OAEP', hash: 'SHA-256' };
export const ECDSA_PARAMS: EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };
export const ECDSA_SIGN: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const BUNDLE_PREFIX = 'miyu/v1/key-bundle\n';
const BACKUP_AD_PREFIX = 'miyu/v1/key-backup\n';
/** The backup blob must stay below this many base64 characters (the server's limit). */
export const MAX_BACKUP_LENGTH = 16 * 1024;

/** "miyu/v1/key-bundle\n" + username + "\n" + encPublicKey + "\n" + signPublicKey */
export function bundleText(username: string, encPublicKey: B64, signPublicKey: B64): string {
  return BUNDLE_PREFIX + username + '\n' + encPublicKey + '\n' + signPublicKey;
}

/** Lower-case hex SHA-256 of the UTF-8 bundleText. */
export async function fingerprint(username: string, bundle: Pick<KeyBundle, 'encPublicKey' | 'signPublicKey'>): Promise<string> {
  return toHex(await sha256(enc(bundleText(username, bundle.encPublicKey, bundle.signPublicKey))));
}

/** ECDSA-P256-SHA256 over UTF-8 text, raw r‖s, base64. */
export async function signText(key: CryptoKey, text: string): Promise<B64> {
  return toBase64(await crypto.subtle.sign(ECDSA_SIGN, key, enc(text)));
}

/** Verifies a raw r‖s base64 signature; false (never throws) on anything malformed. */
export async function verifyText(key: CryptoKey, text: string, signature: B64): Promise<boolean> {
  try {
    const sig = decodeBase64(signature);
    if (sig.length !== 64) return false;
    return await crypto.subtle.verify(ECDSA_SIGN, key, sig, enc(text));
  } catch {
    return false;
  }
}

export async function importEncPublic(spki: B64): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', decodeBase64(spki), RSA_PARAMS, true, ['encrypt', 'wrapKey']);
}

export async function importSignPublic(spki: B64): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', decodeBase64(spki), ECDSA_PARAMS, true, ['verify']);
}

function backupAd(username: string): Uint8Array<ArrayBuffer> {
  return enc(BACKUP_AD_PREFIX + username);
}

/**
 * Makes both key pairs, the signed bundle and the encrypted backup blob (opaque base64, < 16 KB) of both PKCS#8
 * private keys under kek. `onProgress` gets short step names ('keys', 'bundle', 'backup'). The returned private keys
 * are non-extractable re-imports; the extractable originals are dropped.
 */
export async function createIdentity(
  username: string,
  kek: CryptoKey,
  onProgress?: (step: string) => void,
): Promise<{ identity: Identity; backup: B64 }> {
  checkUsername(username);
  onProgress?.('keys');
  // Extractable only so that the private halves can be exported once, into the encrypted backup.
  const [encPair, signPair] = await Promise.all([
    crypto.subtle.generateKey(
      { ...RSA_PARAMS, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) } as RsaHashedKeyGenParams,
      true,
      ['encrypt', 'decrypt'],
    ),
    crypto.subtle.generateKey(ECDSA_PARAMS, true, ['sign', 'verify']),
  ]);
  onProgress?.('bundle');
  const encPublicKey = toBase64(await crypto.subtle.exportKey('spki', encPair.publicKey));
  const signPublicKey = toBase64(await crypto.subtle.exportKey('spki', signPair.publicKey));
  const bundleSignature = await signText(signPair.privateKey, bundleText(username, encPublicKey, signPublicKey));
  const bundle: KeyBundle = { encPublicKey, signPublicKey, bundleSignature };

  onProgress?.('backup');
  const encPkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', encPair.privateKey));
  const signPkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', signPair.privateKey));
  const inner = enc(JSON.stringify({ enc: toBase64(encPkcs8), sign: toBase64(signPkcs8), bundle }));
  const iv = randomBytes(12);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: backupAd(username) }, kek, inner);
  inner.fill(0);
  const backup = toBase64(enc(JSON.stringify({ v: 1, iv: toBase64(iv), ct: toBase64(ct) })));
  if (backup.length >= MAX_BACKUP_LENGTH) throw new Error('key backup too large');

  const [encPrivate, signPrivate] = await Promise.all([importEncPrivate(encPkcs8), importSignPrivate(signPkcs8)]);
  encPkcs8.fill(0);
  signPkcs8.fill(0);
  const identity: Identity = {
    username,
    encPrivate,
    signPrivate,
    encPublic: await importEncPublic(encPublicKey),
    bundle,
    fingerprint: await fingerprint(username, bundle),
  };
  return { identity, backup };
}

function importEncPrivate(pkcs8: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', buf(pkcs8), RSA_PARAMS, false, ['decrypt', 'unwrapKey']);
}

function importSignPrivate(pkcs8: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', buf(pkcs8), ECDSA_PARAMS, false, ['sign']);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Opens a backup blob with kek (WrongPasswordError if it does not authenticate); private keys non-extractable. */
export async function openIdentity(username: string, backup: B64, kek: CryptoKey): Promise<Identity> {
  let iv: Uint8Array<ArrayBuffer>;
  let ct: Uint8Array<ArrayBuffer>;
  try {
    const outer: unknown = JSON.parse(fromUtf8Strict(decodeBase64(backup)));
    if (!isRecord(outer) || outer.v !== 1 || typeof outer.iv !== 'string' || typeof outer.ct !== 'string') throw new Error();
    iv = decodeBase64(outer.iv);
    ct = decodeBase64(outer.ct);
    if (iv.length !== 12 || ct.length < 16) throw new Error();
  } catch {
    throw new Error('key backup is malformed');
  }
  let plain: Uint8Array<ArrayBuffer>;
  try {
    plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: backupAd(username) }, kek, ct));
  } catch {
    throw new WrongPasswordError('wrong password: the key backup does not authenticate');
  }
  let encPkcs8: Uint8Array<ArrayBuffer>;
  let signPkcs8: Uint8Array<ArrayBuffer>;
  let bundle: KeyBundle;
  try {
    const inner: unknown = JSON.parse(fromUtf8Strict(plain));
    plain.fill(0);
    if (!isRecord(inner) || typeof inner.enc !== 'string' || typeof inner.sign !== 'string' || !isRecord(inner.bundle)) throw new Error();
    const b = inner.bundle;
    if (typeof b.encPublicKey !== 'string' || typeof b.signPublicKey !== 'string' || typeof b.bundleSignature !== 'string') {
      throw new Error();
    }
    bundle = { encPublicKey: b.encPublicKey, signPublicKey: b.signPublicKey, bundleSignature: b.bundleSignature };
    encPkcs8 = decodeBase64(inner.enc);
    signPkcs8 = decodeBase64(inner.sign);
  } catch {
    throw new Error('key backup content is malformed');
  }
  let encPrivate: CryptoKey;
  let signPrivate: CryptoKey;
  let encPublic: CryptoKey;
  try {
    [encPrivate, signPrivate, encPublic] = await Promise.all([
      importEncPrivate(encPkcs8),
      importSignPrivate(signPkcs8),
      importEncPublic(bundle.encPublicKey),
    ]);
  } catch {
    throw new Error('key backup holds keys that do not import');
  } finally {
    encPkcs8.fill(0);
    signPkcs8.fill(0);
  }
  return { username, encPrivate, signPrivate, encPublic, bundle, fingerprint: await fingerprint(username, bundle) };
}

function checkUsername(username: string): void {
  if (typeof username !== 'string' || username.length === 0 || /[\n\r]/.test(username)) {
    throw new Error('username must be a non-empty single-line string');
  }
}

/**
 * Imports a friend's bundle after checking it as the key-service does: encPublicKey is a DER SPKI of an RSA key with a
 * 2048-bit modulus and e = 65537, signPublicKey a DER SPKI of an EC P-256 key, and bundleSignature a 64-byte raw
 * ECDSA-P256-SHA256 signature by signPublicKey over bundleText(username, …). Throws Error naming the problem.
 */
export async function importPeer(username: string, bundle: KeyBundle): Promise<PeerKeys> {
  checkUsername(username);
  if (!isRecord(bundle)) throw new Error('key bundle is not an object');
  const { encPublicKey, signPublicKey, bundleSignature } = bundle;

  let encDer: Uint8Array<ArrayBuffer>;
  try {
    encDer = decodeBase64(encPublicKey);
  } catch {
    throw new Error('encPublicKey is not valid base64');
  }
  let encPublic: CryptoKey;
  try {
    encPublic = await crypto.subtle.importKey('spki', encDer, RSA_PARAMS, true, ['encrypt', 'wrapKey']);
  } catch {
    throw new Error('encPublicKey is not an RSA SubjectPublicKeyInfo');
  }
  if (!bytesEqual(new Uint8Array(await crypto.subtle.exportKey('spki', encPublic)), encDer)) {
    throw new Error('encPublicKey is not a canonical DER SubjectPublicKeyInfo');
  }
  const rsa = await crypto.subtle.exportKey('jwk', encPublic);
  if (rsa.e !== 'AQAB') throw new Error('encPublicKey must have public exponent 65537');
  if (modulusBits(rsa.n ?? '') !== 2048) throw new Error('encPublicKey must be RSA-2048');

  let signDer: Uint8Array<ArrayBuffer>;
  try {
    signDer = decodeBase64(signPublicKey);
  } catch {
    throw new Error('signPublicKey is not valid base64');
  }
  let signPublic: CryptoKey;
  try {
    signPublic = await crypto.subtle.importKey('spki', signDer, ECDSA_PARAMS, true, ['verify']);
  } catch {
    throw new Error('signPublicKey must be an EC P-256 SubjectPublicKeyInfo');
  }
  const ec = await crypto.subtle.exportKey('jwk', signPublic);
  if (ec.kty !== 'EC' || ec.crv !== 'P-256') throw new Error('signPublicKey must be an EC P-256 key');
  if (!bytesEqual(new Uint8Array(await crypto.subtle.exportKey('spki', signPublic)), signDer)) {
    throw new Error('signPublicKey is not a canonical DER SubjectPublicKeyInfo');
  }

  let sig: Uint8Array;
  try {
    sig = decodeBase64(bundleSignature);
  } catch {
    throw new Error('bundleSignature is not valid base64');
  }
  if (sig.length !== 64) throw new Error('bundleSignature must be a 64-byte raw r‖s ECDSA P-256 signature');
  if (!(await verifyText(signPublic, bundleText(username, encPublicKey, signPublicKey), bundleSignature))) {
    throw new Error(`bundleSignature does not verify under signPublicKey for user ${username}`);
  }
  return {
    username,
    bundle: { encPublicKey, signPublicKey, bundleSignature },
    fingerprint: await fingerprint(username, bundle),
    encPublic,
    signPublic,
  };
}

/** Bit length of a base64url big-endian unsigned integer (JWK "n"). */
function modulusBits(b64url: string): number {
  let s = b64url.replace(/-/g, '+').replace(/_/g, '/');
  while (s.length % 4 !== 0) s += '=';
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(s);
  } catch {
    return 0;
  }
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}
