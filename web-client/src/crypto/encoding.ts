/**
 * Byte helpers: standard padded base64 (no Buffer, no atob leniency), hex, UTF-8, randomness, and the
 * `Uint8Array<ArrayBuffer>` view WebCrypto's BufferSource type asks for.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Base64 (standard alphabet, padded) of raw bytes. */
export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const parts: string[] = [];
  let chunk = '';
  const full = u8.length - (u8.length % 3);
  for (let i = 0; i < full; i += 3) {
    const v = (u8[i] << 16) | (u8[i + 1] << 8) | u8[i + 2];
    chunk += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = u8.length - full;
  if (rest === 1) {
    const v = u8[full] << 16;
    chunk += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + '==';
  } else if (rest === 2) {
    const v = (u8[full] << 16) | (u8[full + 1] << 8);
    chunk += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

/**
 * Decodes standard padded base64. Strict: throws on a wrong length, a character outside the alphabet, misplaced
 * padding or non-zero padding bits, so that every byte string has exactly one accepted encoding.
 */
export function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  if (typeof b64 !== 'string' || b64.length % 4 !== 0) throw new Error('invalid base64: length');
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((b64.length / 4) * 3 - pad);
  const sextet = (i: number): number => {
    const code = b64.charCodeAt(i);
    const v = code < 128 ? DECODE[code] : -1;
    if (v < 0) throw new Error('invalid base64: character');
    return v;
  };
  const body = pad === 0 ? b64.length : b64.length - 4;
  let o = 0;
  for (let i = 0; i < body; i += 4) {
    const v = (sextet(i) << 18) | (sextet(i + 1) << 12) | (sextet(i + 2) << 6) | sextet(i + 3);
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (pad === 2) {
    const v = (sextet(body) << 18) | (sextet(body + 1) << 12);
    if (v & 0xffff) throw new Error('invalid base64: padding bits');
    out[o++] = v >> 16;
  } else if (pad === 1) {
    const v = (sextet(body) << 18) | (sextet(body + 1) << 12) | (sextet(body + 2) << 6);
    if (v & 0xff) throw new Error('invalid base64: padding bits');
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
  }
  return out;
}

/** Decodes standard padded base64 strictly (see decodeBase64); throws on anything else. */
export function fromBase64(b64: string): Uint8Array {
  return decodeBase64(b64);
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return enc(text);
}

/** Same as utf8, typed for WebCrypto. */
export function enc(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

/** UTF-8 decoding; malformed sequences become U+FFFD (use fromUtf8Strict to reject them). */
export function fromUtf8(bytes: Uint8Array | ArrayBuffer): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** UTF-8 decoding that throws on malformed input. */
export function fromUtf8Strict(bytes: Uint8Array | ArrayBuffer): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** A random UUID v4. */
export function randomId(): string {
  return crypto.randomUUID();
}

/** `n` bytes from the platform CSPRNG. */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** Lower-case hex. */
export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const b of u8) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Parses lower- or upper-case hex of even length; throws otherwise. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error('invalid hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The bytes as a view over a plain ArrayBuffer (what WebCrypto's BufferSource type wants), copying only if needed. */
export function buf(bytes: Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  if (!(bytes instanceof Uint8Array)) return new Uint8Array(bytes);
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : (new Uint8Array(bytes) as Uint8Array<ArrayBuffer>);
}

export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf(bytes)));
}
