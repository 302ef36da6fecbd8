/**
 * Hidden-message images: PNG LSB steganography with exact pixel I/O through fast-png (never a canvas round trip).
 *
 * Layout: bits are taken in order from the least significant bits of R, G, B of each pixel in row-major order (alpha
 * untouched), most significant bit first within each byte. The bit stream is a header — 4-byte magic "MYS1" and
 * 4-byte big-endian payload length — followed by the payload. hideText/revealText put AES-256-GCM ciphertext there;
 * its key and IV travel in the end-to-end encrypted message, never in the pixels.
 */
import { decode, encode, hasPngSignature } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import { aesGcmOpen, buf, freshAesKey, fromUtf8, utf8 } from './encoding';

export const STEGO_MAGIC = Uint8Array.of(0x4d, 0x59, 0x53, 0x31); // "MYS1"
const HEADER_BYTES = 8;
const GCM_TAG_BYTES = 16;

export type StegoErrorCode = 'too-long' | 'no-hidden-message' | 'decrypt-failed';
export class StegoError extends Error {
  constructor(
    readonly code: StegoErrorCode,
    /** for 'too-long': how many bytes would fit (payload bytes for embed, UTF-8 text bytes for hideText) */
    readonly capacity?: number,
    message?: string,
  ) {
    super(message ?? (code === 'too-long' ? `too long: at most ${capacity} bytes fit` : code));
    this.name = 'StegoError';
  }
}

export interface Rgba {
  width: number;
  height: number;
  /** width × height × 4 bytes, RGBA 8-bit */
  data: Uint8Array | Uint8ClampedArray;
}

/** floor(w·h·3/8) − 8, possibly negative for tiny images (not even the header fits). */
function rawCapacity(width: number, height: number): number {
  return Math.floor((width * height * 3) / 8) - HEADER_BYTES;
}

/** Payload bytes that fit in a width × height image (0 if not even the header fits). */
export function stegoCapacity(width: number, height: number): number {
  return Math.max(0, rawCapacity(width, height));
}

/** UTF-8 bytes of hidden text that fit (the payload is the text's AES-GCM ciphertext: 16 bytes of tag more). */
export function textCapacity(width: number, height: number): number {
  return Math.max(0, stegoCapacity(width, height) - GCM_TAG_BYTES);
}

/** Writes header + payload into the RGB LSBs of a copy of the pixels; returns the PNG (RGBA 8-bit). */
export function embed(rgba: Rgba, payload: Uint8Array): Uint8Array {
  const { width, height } = rgba;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`bad image size ${width}x${height}`);
  }
  if (rgba.data.length !== width * height * 4) {
    throw new RangeError(`expected ${width * height * 4} bytes of RGBA, got ${rgba.data.length}`);
  }
  if (payload.length > rawCapacity(width, height)) {
    throw new StegoError('too-long', stegoCapacity(width, height));
  }
  const stream = new Uint8Array(HEADER_BYTES + payload.length);
  stream.set(STEGO_MAGIC, 0);
  new DataView(stream.buffer).setUint32(4, payload.length, false);
  stream.set(payload, HEADER_BYTES);

  const px = new Uint8Array(rgba.data); // a copy; the caller's pixels stay as they were
  let bit = 0;
  for (const byte of stream) {
    for (let k = 7; k >= 0; k--, bit++) {
      const at = ((bit / 3) | 0) * 4 + (bit % 3);
      px[at] = (px[at] & 0xfe) | ((byte >> k) & 1);
    }
  }
  return encode({ width, height, data: px, depth: 8, channels: 4 });
}

/** Reads the payload back from a stego PNG; StegoError('no-hidden-message') when there is none. */
export function extract(png: Uint8Array): Uint8Array {
  let img: Rgba;
  try {
    img = decodePngRgba(png);
  } catch {
    throw new StegoError('no-hidden-message', undefined, 'not a readable PNG image: no hidden message');
  }
  const px = img.data;
  const raw = rawCapacity(img.width, img.height);
  if (raw < 0) throw new StegoError('no-hidden-message');
  const readBytes = (startByte: number, count: number): Uint8Array => {
    const out = new Uint8Array(count);
    let bit = startByte * 8;
    for (let i = 0; i < count; i++) {
      let v = 0;
      for (let k = 0; k < 8; k++, bit++) v = (v << 1) | (px[((bit / 3) | 0) * 4 + (bit % 3)] & 1);
      out[i] = v;
    }
    return out;
  };
  const header = readBytes(0, HEADER_BYTES);
  for (let i = 0; i < STEGO_MAGIC.length; i++) {
    if (header[i] !== STEGO_MAGIC[i]) throw new StegoError('no-hidden-message');
  }
  const length = new DataView(header.buffer).getUint32(4, false);
  if (length > raw) throw new StegoError('no-hidden-message', undefined, 'no hidden message (impossible length)');
  return readBytes(HEADER_BYTES, length);
}

/** Encrypts the text under a fresh AES-256-GCM key, then hides the ciphertext. Checks the capacity first. */
export async function hideText(rgba: Rgba, text: string): Promise<{ png: Uint8Array; key: string; iv: string }> {
  const plain = utf8(text);
  const fits = textCapacity(rgba.width, rgba.height);
  if (plain.length > fits || rawCapacity(rgba.width, rgba.height) < GCM_TAG_BYTES) {
    throw new StegoError('too-long', fits);
  }
  const { key, keyB64, iv, ivB64 } = await freshAesKey();
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, buf(plain)));
  return { png: embed(rgba, ct), key: keyB64, iv: ivB64 };
}

/** Extracts and decrypts the hidden text; StegoError 'no-hidden-message' or 'decrypt-failed' (tampered, wrong key). */
export async function revealText(png: Uint8Array, key: string, iv: string): Promise<string> {
  const ct = extract(png);
  const plain = await aesGcmOpen(ct, key, iv);
  if (!plain) throw new StegoError('decrypt-failed', undefined, 'the hidden message could not be decrypted');
  try {
    return fromUtf8(plain);
  } catch {
    throw new StegoError('decrypt-failed', undefined, 'the hidden message is not text');
  }
}

/**
 * Decodes any PNG (greyscale, grey+alpha, RGB, RGBA, palette; 1–16 bits) to RGBA 8-bit pixels. 16-bit samples keep
 * their high byte; low bit depths are scaled to 0–255.
 */
export function decodePngRgba(png: Uint8Array): { width: number; height: number; data: Uint8Array } {
  if (!hasPngSignature(png)) throw new Error('not a PNG');
  const d: DecodedPng = decode(png);
  const { width, height, channels, depth } = d;
  const n = width * height;
  const out = new Uint8Array(n * 4);

  if (d.palette) {
    const idx = unpackSamples(d, 1);
    const pal = d.palette;
    for (let i = 0; i < n; i++) {
      const c = pal[idx[i]];
      if (!c) throw new Error('palette index out of range');
      out[i * 4] = c[0];
      out[i * 4 + 1] = c[1];
      out[i * 4 + 2] = c[2];
      out[i * 4 + 3] = c.length > 3 ? c[3] : 255;
    }
    return { width, height, data: out };
  }

  const samples = unpackSamples(d, channels);
  const max = (1 << depth) - 1;
  const to8 =
    depth === 8 ? (v: number) => v : depth === 16 ? (v: number) => v >> 8 : (v: number) => Math.round((v * 255) / max);
  for (let i = 0; i < n; i++) {
    const s = i * channels;
    const o = i * 4;
    switch (channels) {
      case 1:
      case 2: {
        const g = to8(samples[s]);
        out[o] = out[o + 1] = out[o + 2] = g;
        out[o + 3] = channels === 2 ? to8(samples[s + 1]) : 255;
        break;
      }
      case 3:
      case 4:
        out[o] = to8(samples[s]);
        out[o + 1] = to8(samples[s + 1]);
        out[o + 2] = to8(samples[s + 2]);
        out[o + 3] = channels === 4 ? to8(samples[s + 3]) : 255;
        break;
      default:
        throw new Error(`unsupported channel count ${channels}`);
    }
  }
  return { width, height, data: out };
}

/** Samples in pixel order, unpacking sub-byte depths (rows are padded to whole bytes). */
function unpackSamples(d: DecodedPng, channels: number): ArrayLike<number> {
  if (d.depth >= 8) return d.data;
  const perRow = d.width * channels;
  const rowBytes = Math.ceil((perRow * d.depth) / 8);
  const mask = (1 << d.depth) - 1;
  const out = new Uint8Array(perRow * d.height);
  const src = d.data;
  for (let y = 0; y < d.height; y++) {
    for (let x = 0; x < perRow; x++) {
      const bitPos = x * d.depth;
      const byte = src[y * rowBytes + (bitPos >> 3)];
      out[y * perRow + x] = (byte >> (8 - d.depth - (bitPos & 7))) & mask;
    }
  }
  return out;
}
