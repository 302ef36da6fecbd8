import { decode, encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { toBase64, utf8 } from './encoding';
import {
  decodePngRgba,
  embed,
  extract,
  hideText,
  revealText,
  stegoCapacity,
  StegoError,
  textCapacity,
  type Rgba,
} from './stego';

/** Random pixels (seeded, deterministic); alpha random too unless opaque. */
function cover(width: number, height: number, opaque = false, seed = width * 7919 + height): Rgba {
  const data = new Uint8Array(width * height * 4);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = opaque && i % 4 === 3 ? 255 : x & 0xff;
  }
  return { width, height, data };
}

function random(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

/** A PNG file as a generator would write it (what a user would pick as cover or save and reopen). */
const pngOf = (img: Rgba) => encode({ width: img.width, height: img.height, data: img.data, depth: 8, channels: 4 });

function stegoError(fn: () => unknown): StegoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StegoError);
    return e as StegoError;
  }
  throw new Error('expected a StegoError');
}
async function stegoErrorAsync(p: Promise<unknown>): Promise<StegoError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StegoError);
    return e as StegoError;
  }
  throw new Error('expected a StegoError');
}

/** Flips the least significant bit of one channel byte of a PNG's pixels and writes the PNG again. */
function flipBit(png: Uint8Array, channelIndex: number): Uint8Array {
  const img = decodePngRgba(png);
  img.data[channelIndex] ^= 1;
  return pngOf(img);
}
/** Byte offset (in RGBA data) holding stream bit number `bit`. */
const bitAt = (bit: number) => Math.floor(bit / 3) * 4 + (bit % 3);

describe('capacity', () => {
  it('is floor(w·h·3/8) − 8 payload bytes, and 16 bytes less of text', () => {
    expect(stegoCapacity(8, 8)).toBe(16);
    expect(stegoCapacity(37, 23)).toBe(Math.floor((37 * 23 * 3) / 8) - 8);
    expect(stegoCapacity(256, 256)).toBe(24576 - 8);
    expect(textCapacity(256, 256)).toBe(24576 - 8 - 16);
    expect(stegoCapacity(1, 1)).toBe(0);
    expect(textCapacity(8, 8)).toBe(0);
  });
});

describe('embed / extract', () => {
  for (const [w, h] of [
    [8, 8],
    [37, 23],
    [256, 256],
    [3, 100],
  ] as const) {
    it(`round-trips a payload of every size class through a ${w}x${h} PNG`, () => {
      const img = cover(w, h);
      const cap = stegoCapacity(w, h);
      for (const n of new Set([0, 1, Math.floor(cap / 2), cap])) {
        const payload = random(n);
        const png = embed(img, payload);
        expect(extract(png)).toEqual(payload);
        // output is an RGBA 8-bit PNG of the same size
        const d = decode(png);
        expect([d.width, d.height, d.channels, d.depth]).toEqual([w, h, 4, 8]);
      }
    });
  }

  it('accepts exactly the capacity and rejects one byte more with the capacity in the error', () => {
    const img = cover(37, 23);
    const cap = stegoCapacity(37, 23);
    expect(extract(embed(img, random(cap)))).toHaveLength(cap);
    const e = stegoError(() => embed(img, random(cap + 1)));
    expect(e.code).toBe('too-long');
    expect(e.capacity).toBe(cap);
  });

  it('rejects anything in a 1x1 image: not even the header fits', () => {
    const e = stegoError(() => embed(cover(1, 1), new Uint8Array(0)));
    expect(e.code).toBe('too-long');
    expect(e.capacity).toBe(0);
  });

  it('changes only the LSBs of R, G, B, never alpha, and leaves the caller’s pixels alone', () => {
    const img = cover(37, 23);
    const before = new Uint8Array(img.data);
    const out = decode(embed(img, random(stegoCapacity(37, 23)))).data;
    expect(new Uint8Array(img.data)).toEqual(before);
    for (let i = 0; i < before.length; i++) {
      if (i % 4 === 3) expect(out[i]).toBe(before[i]);
      else expect(out[i] >> 1).toBe(before[i] >> 1);
    }
  });

  it('follows the documented layout: "MYS1", big-endian length, MSB first, R-G-B order', () => {
    const img = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 4) }; // all zero
    const png = embed(img, Uint8Array.of(0xa5));
    const px = decode(png).data;
    const bits: number[] = [];
    for (let b = 0; b < 72; b++) bits.push(px[bitAt(b)] & 1);
    const bytes = [];
    for (let i = 0; i < 9; i++) bytes.push(parseInt(bits.slice(i * 8, i * 8 + 8).join(''), 2));
    expect(bytes).toEqual([0x4d, 0x59, 0x53, 0x31, 0, 0, 0, 1, 0xa5]);
  });

  it('reports "no hidden message" for an ordinary PNG, a tiny PNG and something that is not a PNG', () => {
    for (const [w, h] of [
      [256, 256],
      [37, 23],
      [1, 1],
    ] as const) {
      expect(stegoError(() => extract(pngOf(cover(w, h)))).code).toBe('no-hidden-message');
    }
    expect(stegoError(() => extract(utf8('hello, not a png'))).code).toBe('no-hidden-message');
    const truncated = embed(cover(37, 23), random(10)).subarray(0, 60);
    expect(stegoError(() => extract(truncated)).code).toBe('no-hidden-message');
  });

  it('reports "no hidden message" when the magic is there but the length is impossible', () => {
    const img = cover(8, 8);
    const png = embed(img, random(16));
    // set the top bit of the length (stream bit 32): length becomes 2^31 + 16
    const d = decodePngRgba(png);
    d.data[bitAt(32)] |= 1;
    expect(stegoError(() => extract(pngOf(d))).code).toBe('no-hidden-message');
  });
});

describe('saved and converted copies', () => {
  const payload = random(200);
  const img = cover(37, 23, true);
  const png = embed(img, payload);
  const px = decode(png).data as Uint8Array;

  it('reads an RGB (3-channel) copy', () => {
    const rgb = new Uint8Array(37 * 23 * 3);
    for (let i = 0, j = 0; i < px.length; i += 4) {
      rgb[j++] = px[i];
      rgb[j++] = px[i + 1];
      rgb[j++] = px[i + 2];
    }
    const copy = encode({ width: 37, height: 23, data: rgb, depth: 8, channels: 3 });
    expect(decode(copy).channels).toBe(3);
    expect(extract(copy)).toEqual(payload);
  });

  it('reads a 16-bit copy', () => {
    const wide = new Uint16Array(px.length);
    for (let i = 0; i < px.length; i++) wide[i] = px[i] * 257;
    const copy = encode({ width: 37, height: 23, data: wide, depth: 16, channels: 4 });
    expect(decode(copy).depth).toBe(16);
    expect(extract(copy)).toEqual(payload);
  });

  it('reads an interlaced (Adam7) copy', () => {
    const copy = encode({ width: 37, height: 23, data: px, depth: 8, channels: 4 }, { interlace: 'Adam7' });
    expect(extract(copy)).toEqual(payload);
  });

  it('reads a palette copy (8-bit and packed 4-bit indices)', () => {
    // a flat cover: after embedding, pixels differ only in their RGB LSBs (at most 8 colours), so a palette fits
    const flat = { width: 6, height: 6, data: new Uint8Array(6 * 6 * 4) };
    for (let i = 0; i < flat.data.length; i += 4) flat.data.set([100, 151, 200, 255], i);
    const secret = random(stegoCapacity(6, 6));
    const p = decode(embed(flat, secret)).data;
    const palette: number[][] = [];
    const index = new Map<string, number>();
    const idx = new Uint8Array(36);
    for (let i = 0; i < 36; i++) {
      const c = [p[i * 4], p[i * 4 + 1], p[i * 4 + 2], p[i * 4 + 3]];
      const k = c.join();
      if (!index.has(k)) {
        index.set(k, palette.length);
        palette.push(c);
      }
      idx[i] = index.get(k)!;
    }
    expect(palette.length).toBeLessThanOrEqual(16);
    const copy8 = encode({ width: 6, height: 6, data: idx, depth: 8, channels: 1, palette });
    expect(decode(copy8).palette).toBeDefined();
    expect(extract(copy8)).toEqual(secret);
    expect(decodePngRgba(copy8).data).toEqual(new Uint8Array(p));

    const packed = new Uint8Array(6 * 3); // 6 pixels × 4 bits = 3 bytes per row
    for (let y = 0; y < 6; y++)
      for (let x = 0; x < 6; x += 2) packed[y * 3 + x / 2] = (idx[y * 6 + x] << 4) | idx[y * 6 + x + 1];
    const copy4 = encode({ width: 6, height: 6, data: packed, depth: 4, channels: 1, palette });
    expect(decode(copy4).depth).toBe(4);
    expect(extract(copy4)).toEqual(secret);
  });

  it('normalises greyscale PNGs (8-bit and 1-bit) to RGBA', () => {
    const grey = encode({ width: 3, height: 1, data: Uint8Array.of(0, 128, 255), depth: 8, channels: 1 });
    expect(Array.from(decodePngRgba(grey).data)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    // 10 pixels of 1 bit: row padded to 2 bytes
    const bw = encode({ width: 10, height: 1, data: Uint8Array.of(0b10100000, 0b01000000), depth: 1, channels: 1 });
    const d = decodePngRgba(bw).data;
    expect(Array.from({ length: 10 }, (_, i) => d[i * 4])).toEqual([255, 0, 255, 0, 0, 0, 0, 0, 0, 255]);
  });
});

describe('hideText / revealText', () => {
  const texts = [
    'hello',
    '密语：今晚八点见 🌙',
    'Ünïcødé ✓ — Здравствуйте, مرحبا, שלום, 👩‍👩‍👧‍👦',
    '',
  ];
  for (const [w, h] of [
    [37, 23],
    [256, 256],
  ] as const) {
    it(`round-trips Unicode text through a ${w}x${h} PNG`, async () => {
      for (const text of texts) {
        const { png, key, iv } = await hideText(cover(w, h), text);
        expect(await revealText(png, key, iv)).toBe(text);
      }
    });
  }

  it('keeps only ciphertext in the pixels', async () => {
    const text = 'a secret that must not be visible in the pixels';
    const { png } = await hideText(cover(256, 256), text);
    const payload = extract(png);
    expect(payload).toHaveLength(utf8(text).length + 16);
    expect(new TextDecoder().decode(payload)).not.toContain('secret');
  });

  it('fits exactly textCapacity UTF-8 bytes (multi-byte characters) and rejects one byte more before encrypting', async () => {
    const img = cover(37, 23);
    const fits = textCapacity(37, 23); // 303
    // '密' is 3 UTF-8 bytes: fill with them, then pad with ASCII to the exact byte capacity
    const exact = '密'.repeat(Math.floor(fits / 3)) + 'x'.repeat(fits % 3);
    expect(utf8(exact)).toHaveLength(fits);
    const { png, key, iv } = await hideText(img, exact);
    expect(await revealText(png, key, iv)).toBe(exact);

    const e = await stegoErrorAsync(hideText(img, exact + 'y'));
    expect(e.code).toBe('too-long');
    expect(e.capacity).toBe(fits);
    // one more multi-byte character also counts in bytes, not characters
    expect((await stegoErrorAsync(hideText(img, exact.slice(0, -1) + 'é'))).code).toBe('too-long');
  });

  it('rejects any text in an image too small for the GCM tag', async () => {
    expect((await stegoErrorAsync(hideText(cover(8, 8), 'x'))).code).toBe('too-long');
    expect((await stegoErrorAsync(hideText(cover(1, 1), ''))).code).toBe('too-long');
  });

  it('fails cleanly with decrypt-failed when one pixel bit of the payload is flipped', async () => {
    const text = '密语 — flip me';
    const { png, key, iv } = await hideText(cover(37, 23), text);
    const payloadBits = (utf8(text).length + 16) * 8;
    for (const bit of [64, 64 + 7, 64 + Math.floor(payloadBits / 2), 64 + payloadBits - 1]) {
      const e = await stegoErrorAsync(revealText(flipBit(png, bitAt(bit)), key, iv));
      expect(e.code).toBe('decrypt-failed');
    }
    // a flip outside the message changes nothing
    expect(await revealText(flipBit(png, bitAt(64 + payloadBits + 5)), key, iv)).toBe(text);
  });

  it('a flipped bit of the header is "no hidden message" or "decrypt-failed", never garbage', async () => {
    const { png, key, iv } = await hideText(cover(37, 23), 'header');
    for (let bit = 0; bit < 64; bit += 5) {
      const e = await stegoErrorAsync(revealText(flipBit(png, bitAt(bit)), key, iv));
      expect(['no-hidden-message', 'decrypt-failed']).toContain(e.code);
    }
  });

  it('fails cleanly with a wrong or malformed key or IV', async () => {
    const { png, key, iv } = await hideText(cover(37, 23), 'keys');
    const other = await hideText(cover(37, 23), 'keys');
    expect((await stegoErrorAsync(revealText(png, other.key, iv))).code).toBe('decrypt-failed');
    expect((await stegoErrorAsync(revealText(png, key, other.iv))).code).toBe('decrypt-failed');
    expect((await stegoErrorAsync(revealText(png, 'not base64!', iv))).code).toBe('decrypt-failed');
    expect((await stegoErrorAsync(revealText(png, toBase64(new Uint8Array(16)), iv))).code).toBe('decrypt-failed');
  });

  it('uses a fresh key and IV every time', async () => {
    const a = await hideText(cover(37, 23), 'same');
    const b = await hideText(cover(37, 23), 'same');
    expect(a.key).not.toBe(b.key);
    expect(a.iv).not.toBe(b.iv);
    expect(extract(a.png)).not.toEqual(extract(b.png));
  });
});
