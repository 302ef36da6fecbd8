/**
 * Tiny byte helpers for the media module (base64, hex, UTF-8, WebCrypto buffer typing). Kept local so that src/media
 * does not depend on the crypto module's implementation.
 */

/** Standard, padded base64 of raw bytes. */
export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) {
    s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** Decodes standard base64 (padding optional); throws on anything else. */
export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Lower-case hex. */
export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const b of u8) s += b.toString(16).padStart(2, '0');
  return s;
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

/** Strict UTF-8 decoding (throws on malformed input). */
export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The bytes as a view over a plain ArrayBuffer (what WebCrypto's BufferSource wants), copying only if needed. */
export function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : (new Uint8Array(bytes) as Uint8Array<ArrayBuffer>);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', buf(bytes)));
}

/** A fresh extractable AES-256-GCM key and 96-bit IV, both also as base64. */
export async function freshAesKey(): Promise<{ key: CryptoKey; keyB64: string; iv: Uint8Array<ArrayBuffer>; ivB64: string }> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const raw = await crypto.subtle.exportKey('raw', key);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return { key, keyB64: toBase64(raw), iv, ivB64: toBase64(iv) };
}

/**
 * Opens AES-256-GCM ciphertext with a base64 raw key and base64 96-bit IV. Returns null for anything that does not
 * authenticate or is malformed (bad base64, wrong key or IV length): callers turn that into their own error.
 */
export async function aesGcmOpen(ciphertext: Uint8Array, keyB64: string, ivB64: string): Promise<Uint8Array | null> {
  try {
    const raw = fromBase64(keyB64);
    const iv = fromBase64(ivB64);
    if (raw.length !== 32 || iv.length !== 12) return null;
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, buf(ciphertext)));
  } catch {
    return null;
  }
}
