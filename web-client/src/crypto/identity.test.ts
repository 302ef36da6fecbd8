import { beforeAll, describe, expect, test } from 'vitest';
import {
  bundleText,
  createIdentity,
  deriveKeys,
  fingerprint,
  fromBase64,
  importPeer,
  openIdentity,
  toBase64,
  utf8,
  WrongPasswordError,
  type Identity,
  type KeyBundle,
} from './index';
import { ALICE_BUNDLE, ALICE_FINGERPRINT, BOB_BUNDLE, BOB_FINGERPRINT } from './vectors';

const ITER = 1000; // small on purpose; the 600000 default is covered by the vector test in kdf.test.ts

let kek: CryptoKey;
let alice: Identity;
let backup: string;
let steps: string[];

beforeAll(async () => {
  kek = (await deriveKeys('alice', 'correct horse', ITER)).kek;
  steps = [];
  ({ identity: alice, backup } = await createIdentity('alice', kek, (s) => steps.push(s)));
});

async function spki(key: CryptoKey): Promise<string> {
  return toBase64(await crypto.subtle.exportKey('spki', key));
}

/** A bundle over arbitrary keys, correctly signed by `signer` (so only the key checks can reject it). */
async function signedBundle(username: string, encPublicKey: string, signPublicKey: string, signer: CryptoKey): Promise<KeyBundle> {
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signer, utf8(bundleText(username, encPublicKey, signPublicKey)) as Uint8Array<ArrayBuffer>);
  return { encPublicKey, signPublicKey, bundleSignature: toBase64(sig) };
}

function flipB64(b64: string, index: number): string {
  const bytes = fromBase64(b64);
  bytes[index] ^= 0x01;
  return toBase64(bytes);
}

describe('createIdentity / openIdentity', () => {
  test('creates both key pairs, reports its steps and a fingerprint of the bundle text', async () => {
    expect(steps).toEqual(['keys', 'bundle', 'backup']);
    expect(alice.username).toBe('alice');
    expect(alice.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(alice.fingerprint).toBe(await fingerprint('alice', alice.bundle));
    expect(alice.encPrivate.algorithm).toMatchObject({ name: 'RSA-OAEP', modulusLength: 2048, hash: { name: 'SHA-256' } });
    expect(alice.signPrivate.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    // its own bundle passes the same checks as a friend's
    const peer = await importPeer('alice', alice.bundle);
    expect(peer.fingerprint).toBe(alice.fingerprint);
  });

  test('private keys are non-extractable: exportKey rejects', async () => {
    for (const key of [alice.encPrivate, alice.signPrivate]) {
      expect(key.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('pkcs8', key)).rejects.toThrow();
      await expect(crypto.subtle.exportKey('jwk', key)).rejects.toThrow();
    }
  });

  test('the backup blob is base64 of {"v":1,"iv","ct"} and below 16 KB', () => {
    expect(backup.length).toBeLessThan(16 * 1024);
    const outer = JSON.parse(new TextDecoder().decode(fromBase64(backup)));
    expect(Object.keys(outer).sort()).toEqual(['ct', 'iv', 'v']);
    expect(outer.v).toBe(1);
    expect(fromBase64(outer.iv).length).toBe(12);
    expect(backup).not.toContain(alice.bundle.encPublicKey.slice(40, 80)); // everything inside is encrypted
  });

  test('openIdentity with the same password restores working, non-extractable keys', async () => {
    const again = (await deriveKeys('alice', 'correct horse', ITER)).kek;
    const opened = await openIdentity('alice', backup, again);
    expect(opened.username).toBe('alice');
    expect(opened.bundle).toEqual(alice.bundle);
    expect(opened.fingerprint).toBe(alice.fingerprint);
    expect(opened.encPrivate.extractable).toBe(false);
    expect(opened.signPrivate.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', opened.encPrivate)).rejects.toThrow();
    // RSA: encrypt with the original public key, decrypt with the restored private key
    const secret = utf8('会话密钥') as Uint8Array<ArrayBuffer>;
    const wrapped = await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, alice.encPublic, secret);
    expect(new Uint8Array(await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, opened.encPrivate, wrapped))).toEqual(secret);
    // ECDSA: the restored signing key signs bundles that verify under the published key
    const peer = await importPeer('alice', alice.bundle);
    const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, opened.signPrivate, secret);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, peer.signPublic, sig, secret)).toBe(true);
  });

  test('a wrong password throws WrongPasswordError', async () => {
    const wrong = (await deriveKeys('alice', 'correct horsE', ITER)).kek;
    await expect(openIdentity('alice', backup, wrong)).rejects.toBeInstanceOf(WrongPasswordError);
  });

  test('the backup is bound to the username (additional data)', async () => {
    await expect(openIdentity('mallory', backup, kek)).rejects.toBeInstanceOf(WrongPasswordError);
  });

  test('a tampered backup does not open', async () => {
    const outer = JSON.parse(new TextDecoder().decode(fromBase64(backup)));
    const tampered = toBase64(utf8(JSON.stringify({ ...outer, ct: flipB64(outer.ct, 100) })));
    await expect(openIdentity('alice', tampered, kek)).rejects.toBeInstanceOf(WrongPasswordError);
  });

  test('a malformed backup is an ordinary Error, not a wrong password', async () => {
    for (const bad of ['', 'not base64!', toBase64(utf8('{"v":2,"iv":"","ct":""}')), toBase64(utf8('[]'))]) {
      const err = await openIdentity('alice', bad, kek).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(WrongPasswordError);
    }
  });
});

describe('bundleText / fingerprint', () => {
  test('bundleText is the exact signed text and the fingerprint its SHA-256 (documented vector)', async () => {
    expect(bundleText('alice', 'E', 'S')).toBe('miyu/v1/key-bundle\nalice\nE\nS');
    expect(await fingerprint('alice', ALICE_BUNDLE)).toBe(ALICE_FINGERPRINT);
    expect(await fingerprint('bob', BOB_BUNDLE)).toBe(BOB_FINGERPRINT);
  });

  test('the fingerprint covers the username and both keys', async () => {
    expect(await fingerprint('bob', ALICE_BUNDLE)).not.toBe(ALICE_FINGERPRINT);
    expect(await fingerprint('alice', { ...ALICE_BUNDLE, signPublicKey: BOB_BUNDLE.signPublicKey })).not.toBe(ALICE_FINGERPRINT);
    expect(await fingerprint('alice', { ...ALICE_BUNDLE, encPublicKey: BOB_BUNDLE.encPublicKey })).not.toBe(ALICE_FINGERPRINT);
  });
});

describe('importPeer', () => {
  test('accepts the documented bundles and yields usable keys', async () => {
    const peer = await importPeer('alice', ALICE_BUNDLE);
    expect(peer.username).toBe('alice');
    expect(peer.fingerprint).toBe(ALICE_FINGERPRINT);
    expect(peer.bundle).toEqual(ALICE_BUNDLE);
    expect(peer.encPublic.usages).toContain('encrypt');
    expect(peer.signPublic.usages).toEqual(['verify']);
    expect((await importPeer('bob', BOB_BUNDLE)).fingerprint).toBe(BOB_FINGERPRINT);
  });

  test('rejects a bundle signed for another username', async () => {
    await expect(importPeer('bob', ALICE_BUNDLE)).rejects.toThrow(/bundleSignature does not verify/);
    await expect(importPeer('Alice', ALICE_BUNDLE)).rejects.toThrow(/bundleSignature does not verify/);
  });

  test('rejects a flipped signature byte, a swapped key and another user’s signature', async () => {
    await expect(importPeer('alice', { ...ALICE_BUNDLE, bundleSignature: flipB64(ALICE_BUNDLE.bundleSignature, 5) })).rejects.toThrow(
      /does not verify/,
    );
    await expect(importPeer('alice', { ...ALICE_BUNDLE, encPublicKey: BOB_BUNDLE.encPublicKey })).rejects.toThrow(/does not verify/);
    await expect(importPeer('alice', { ...ALICE_BUNDLE, signPublicKey: BOB_BUNDLE.signPublicKey })).rejects.toThrow(/does not verify/);
    await expect(importPeer('alice', { ...ALICE_BUNDLE, bundleSignature: BOB_BUNDLE.bundleSignature })).rejects.toThrow(/does not verify/);
  });

  test('rejects keys in the wrong slots, bad encodings and short signatures', async () => {
    await expect(importPeer('alice', { ...ALICE_BUNDLE, encPublicKey: ALICE_BUNDLE.signPublicKey })).rejects.toThrow(
      /encPublicKey is not an RSA/,
    );
    await expect(importPeer('alice', { ...ALICE_BUNDLE, signPublicKey: ALICE_BUNDLE.encPublicKey })).rejects.toThrow(
      /signPublicKey must be an EC P-256/,
    );
    await expect(importPeer('alice', { ...ALICE_BUNDLE, encPublicKey: ALICE_BUNDLE.encPublicKey + '!' })).rejects.toThrow(
      /encPublicKey is not valid base64/,
    );
    await expect(importPeer('alice', { ...ALICE_BUNDLE, signPublicKey: 'AAAA' })).rejects.toThrow(/signPublicKey must be an EC P-256/);
    const withTrailingByte = toBase64(new Uint8Array([...fromBase64(ALICE_BUNDLE.encPublicKey), 0]));
    await expect(importPeer('alice', { ...ALICE_BUNDLE, encPublicKey: withTrailingByte })).rejects.toThrow(/encPublicKey/);
    const short = toBase64(fromBase64(ALICE_BUNDLE.bundleSignature).subarray(0, 63));
    await expect(importPeer('alice', { ...ALICE_BUNDLE, bundleSignature: short })).rejects.toThrow(/64-byte/);
  });

  test('rejects RSA keys that are not 2048 bits with e = 65537, even when correctly signed', async () => {
    const signer = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const signSpki = await spki(signer.publicKey);
    const rsa = (bits: number, e: number[]) =>
      crypto.subtle.generateKey(
        { name: 'RSA-OAEP', modulusLength: bits, publicExponent: new Uint8Array(e), hash: 'SHA-256' },
        true,
        ['encrypt', 'decrypt'],
      );
    const [small, e3] = await Promise.all([rsa(1024, [1, 0, 1]), rsa(2048, [3])]);
    const good = await signedBundle('dave', alice.bundle.encPublicKey, signSpki, signer.privateKey);
    expect((await importPeer('dave', good)).username).toBe('dave');
    await expect(importPeer('dave', await signedBundle('dave', await spki(small.publicKey), signSpki, signer.privateKey))).rejects.toThrow(
      /RSA-2048/,
    );
    await expect(importPeer('dave', await signedBundle('dave', await spki(e3.publicKey), signSpki, signer.privateKey))).rejects.toThrow(
      /exponent 65537/,
    );
  });

  test('rejects an ECDSA key on another curve, even when correctly signed', async () => {
    const p384 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const bundle = await signedBundle('dave', alice.bundle.encPublicKey, await spki(p384.publicKey), p384.privateKey);
    await expect(importPeer('dave', bundle)).rejects.toThrow(/signPublicKey must be an EC P-256/);
  });
});
