/** The local message-cache key (docs/crypto.md §10): JSON values sealed with AES-256-GCM under a fresh IV each. */
import { buf, enc, fromUtf8Strict, randomBytes } from './encoding';

/** A fresh non-extractable AES-256-GCM key for the IndexedDB message cache. */
export async function createCacheKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Encrypts JSON.stringify(value) under a fresh random 12-byte IV. */
export async function sealJson(key: CryptoKey, value: unknown): Promise<{ iv: Uint8Array; ct: ArrayBuffer }> {
  const json = JSON.stringify(value);
  if (typeof json !== 'string') throw new Error('value is not JSON-serializable');
  const iv = randomBytes(12);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, enc(json));
  return { iv, ct };
}

/** Throws if the record was altered or sealed under another key. */
export async function openJson<T>(key: CryptoKey, sealed: { iv: Uint8Array; ct: ArrayBuffer }): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: buf(sealed.iv) }, key, sealed.ct);
  return JSON.parse(fromUtf8Strict(plain)) as T;
}
