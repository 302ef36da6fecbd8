import { describe, expect, test } from 'vitest';
import { deriveKeys, PBKDF2_ITERATIONS } from './index';
import { enc, fromHex, toHex } from './encoding';
import { passwordSalt } from './kdf';
import { KDF_VECTOR } from './vectors';

/** HKDF-SHA256 (RFC 5869) built from HMAC only, independent of WebCrypto's HKDF. One block = 32 bytes. */
async function hkdfByHand(ikm: Uint8Array<ArrayBuffer>, info: string): Promise<Uint8Array<ArrayBuffer>> {
  const hmac = async (key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>) =>
    new Uint8Array(
      await crypto.subtle.sign('HMAC', await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), data),
    );
  const prk = await hmac(new Uint8Array(32), ikm);
  const infoBytes = enc(info);
  const block = new Uint8Array(infoBytes.length + 1);
  block.set(infoBytes);
  block[infoBytes.length] = 1;
  return hmac(prk, block);
}

async function pbkdf2(username: string, password: string, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const pw = await crypto.subtle.importKey('raw', enc(password), 'PBKDF2', false, ['deriveBits']);
  const salt = new Uint8Array(await crypto.subtle.digest('SHA-256', enc('miyu/v1/' + username.toLowerCase())));
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, pw, 256));
}

const ZERO_IV = new Uint8Array(12);
const ZERO_BLOCK = new Uint8Array(16);

/** The kek check value: AES-256-GCM of 16 zero bytes under a 12-zero-byte IV. */
async function checkValue(key: CryptoKey): Promise<string> {
  return toHex(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: ZERO_IV }, key, ZERO_BLOCK));
}

async function aesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
}

describe('deriveKeys', () => {
  test('matches the documented vectors at 600000 iterations (docs/crypto.md)', async () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    const v = KDF_VECTOR;
    expect(toHex(await passwordSalt(v.username))).toBe(v.salt);
    const { authSecret, kek } = await deriveKeys(v.username, v.password); // default iterations
    expect(toHex(authSecret)).toBe(v.authSecret);
    expect(await checkValue(kek)).toBe(v.kekCheck);
    // the intermediate values of the document, recomputed independently
    expect(toHex(await pbkdf2(v.username, v.password, v.iterations))).toBe(v.k);
    expect(toHex(await hkdfByHand(fromHex(v.k), 'miyu/auth'))).toBe(v.authSecret);
    expect(toHex(await hkdfByHand(fromHex(v.k), 'miyu/kek'))).toBe(v.kekBytes);
    expect(await checkValue(await aesKey(fromHex(v.kekBytes)))).toBe(v.kekCheck);
  });

  test('authSecret and kek are the two separate HKDF outputs of K', async () => {
    const k = await pbkdf2('Bob', 'hunter2', 1000);
    const { authSecret, kek } = await deriveKeys('Bob', 'hunter2', 1000);
    const authByHand = await hkdfByHand(k, 'miyu/auth');
    const kekByHand = await hkdfByHand(k, 'miyu/kek');
    expect(toHex(authSecret)).toBe(toHex(authByHand));
    expect(await checkValue(kek)).toBe(await checkValue(await aesKey(kekByHand)));
    // separation: the secret the server sees is not the key that encrypts the backup, nor K itself
    expect(toHex(authSecret)).not.toBe(toHex(kekByHand));
    expect(toHex(authSecret)).not.toBe(toHex(k));
    expect(await checkValue(kek)).not.toBe(await checkValue(await aesKey(authByHand)));
    expect(authSecret.length).toBe(32);
  });

  test('kek is a non-extractable AES-256-GCM key for encrypt/decrypt only', async () => {
    const { kek } = await deriveKeys('bob', 'pw', 10);
    expect(kek.extractable).toBe(false);
    expect(kek.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect([...kek.usages].sort()).toEqual(['decrypt', 'encrypt']);
    await expect(crypto.subtle.exportKey('raw', kek)).rejects.toThrow();
  });

  test('the HKDF salt of 32 zero bytes equals an empty salt (RFC 5869)', async () => {
    const k = await pbkdf2('bob', 'pw', 10);
    const ikm = await crypto.subtle.importKey('raw', k, 'HKDF', false, ['deriveBits']);
    const out = async (salt: Uint8Array<ArrayBuffer>) =>
      toHex(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: enc('miyu/auth') }, ikm, 256));
    const { authSecret } = await deriveKeys('bob', 'pw', 10);
    expect(await out(new Uint8Array(0))).toBe(toHex(authSecret));
    expect(await out(new Uint8Array(32))).toBe(toHex(authSecret));
  });

  test('the salt ignores username case; the password, username and iterations all matter', async () => {
    const base = toHex((await deriveKeys('carol', 'pw', 10)).authSecret);
    expect(toHex((await deriveKeys('CaRoL', 'pw', 10)).authSecret)).toBe(base);
    expect(toHex((await deriveKeys('carol', 'pw2', 10)).authSecret)).not.toBe(base);
    expect(toHex((await deriveKeys('carol2', 'pw', 10)).authSecret)).not.toBe(base);
    expect(toHex((await deriveKeys('carol', 'pw', 11)).authSecret)).not.toBe(base);
  });

  test('a Chinese password is encoded as UTF-8', async () => {
    const a = await deriveKeys('li', '密码很长很长', 10);
    const k = await pbkdf2('li', '密码很长很长', 10);
    expect(toHex(a.authSecret)).toBe(toHex(await hkdfByHand(k, 'miyu/auth')));
  });
});
