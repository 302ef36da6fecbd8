/**
 * Password → keys (docs/crypto.md §2). K = PBKDF2-SHA256(password, SHA-256("miyu/v1/" + lower(username))), then two
 * HKDF-SHA256 expansions of K with distinct labels: "miyu/auth" (sent to the server at login) and "miyu/kek" (wraps the
 * private-key backup; never leaves the browser). K itself is never exported from this module.
 */
import type { DerivedKeys } from './types';
import { PBKDF2_ITERATIONS } from './errors';
import { enc, sha256 } from './encoding';

export const AUTH_INFO = 'miyu/auth';
export const KEK_INFO = 'miyu/kek';
/**
 * The HKDF salt: 32 zero bytes. RFC 5869 §2.2 defines an absent salt as HashLen zero bytes, and HMAC pads an empty
 * key with zeros, so this equals "no salt"; the PBKDF2 salt already binds the username.
 */
export const HKDF_SALT: Uint8Array<ArrayBuffer> = new Uint8Array(32);

/** SHA-256(UTF-8 "miyu/v1/" + username.toLowerCase()): the PBKDF2 salt. */
export async function passwordSalt(username: string): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(enc('miyu/v1/' + username.toLowerCase()));
}

/**
 * K = PBKDF2-SHA256(password, SHA-256("miyu/v1/" + lower(username)), iterations); then authSecret = HKDF(K, "miyu/auth")
 * (32 bytes) and kek = HKDF(K, "miyu/kek") as a non-extractable AES-256-GCM key. `iterations` is for tests only.
 */
export async function deriveKeys(username: string, password: string, iterations: number = PBKDF2_ITERATIONS): Promise<DerivedKeys> {
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new Error('iterations must be a positive integer');
  const salt = await passwordSalt(username);
  const pw = await crypto.subtle.importKey('raw', enc(password), 'PBKDF2', false, ['deriveBits']);
  const k = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, pw, 256);
  const ikm = await crypto.subtle.importKey('raw', k, 'HKDF', false, ['deriveBits', 'deriveKey']);
  new Uint8Array(k).fill(0);
  const authSecret = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: enc(AUTH_INFO) }, ikm, 256),
  );
  const kek = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: enc(KEK_INFO) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  return { authSecret, kek };
}
