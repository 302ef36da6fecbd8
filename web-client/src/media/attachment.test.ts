import { describe, expect, it } from 'vitest';
import {
  AttachmentError,
  decryptAttachment,
  encryptAttachment,
} from './attachment';
import { fromBase64, sha256Hex, toBase64, utf8 } from './encoding';

function random(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

async function attachmentError(p: Promise<unknown>): Promise<AttachmentError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AttachmentError);
    return e as AttachmentError;
  }
  throw new Error('expected an AttachmentError');
}

describe('encryptAttachment / decryptAttachment', () => {
  it('round-trips files of several sizes', async () => {
    for (const n of [0, 1, 1000, 3 * 1024 * 1024 + 7]) {
      const plain = random(n);
      const { ciphertext, ref } = await encryptAttachment(plain, 'image/png');
      expect(ciphertext).toHaveLength(n + 16);
      const back = await decryptAttachment(ciphertext, ref);
      // (a byte loop: deep equality of multi-megabyte arrays is slow)
      expect(back.length === plain.length && back.every((b, i) => b === plain[i])).toBe(true);
    }
  });

  it('fills the reference: raw 256-bit key, 96-bit IV, lower-case SHA-256 of the ciphertext, MIME, plaintext size', async () => {
    const plain = utf8('a picture of a cat');
    const { ciphertext, ref } = await encryptAttachment(plain, 'image/jpeg');
    expect(fromBase64(ref.key)).toHaveLength(32);
    expect(fromBase64(ref.iv)).toHaveLength(12);
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ref.sha256).toBe(await sha256Hex(ciphertext));
    expect(ref.mime).toBe('image/jpeg');
    expect(ref.size).toBe(plain.length);
    expect(ref).not.toHaveProperty('id');
    // the ciphertext does not contain the plaintext
    expect(new TextDecoder().decode(ciphertext)).not.toContain('cat');
  });

  it('uses a fresh key and IV for every file', async () => {
    const plain = random(64);
    const a = await encryptAttachment(plain, 'image/png');
    const b = await encryptAttachment(plain, 'image/png');
    expect(a.ref.key).not.toBe(b.ref.key);
    expect(a.ref.iv).not.toBe(b.ref.iv);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
  });

  it('detects a hash mismatch: one flipped bit, a truncated or a different blob', async () => {
    const { ciphertext, ref } = await encryptAttachment(random(5000), 'image/gif');
    const flipped = new Uint8Array(ciphertext);
    flipped[1234] ^= 0x01;
    expect((await attachmentError(decryptAttachment(flipped, ref))).code).toBe('hash-mismatch');
    expect((await attachmentError(decryptAttachment(ciphertext.subarray(0, 4000), ref))).code).toBe('hash-mismatch');
    const other = await encryptAttachment(random(5000), 'image/gif');
    expect((await attachmentError(decryptAttachment(other.ciphertext, ref))).code).toBe('hash-mismatch');
  });

  it('accepts an upper-case hash in the reference', async () => {
    const plain = random(10);
    const { ciphertext, ref } = await encryptAttachment(plain, 'image/png');
    expect(await decryptAttachment(ciphertext, { ...ref, sha256: ref.sha256.toUpperCase() })).toEqual(plain);
  });

  it('reports decrypt-failed when the hash matches but the key, the IV or the ciphertext is not the right one', async () => {
    const { ciphertext, ref } = await encryptAttachment(random(100), 'image/png');
    const other = await encryptAttachment(random(100), 'image/png');
    expect((await attachmentError(decryptAttachment(ciphertext, { ...ref, key: other.ref.key }))).code).toBe(
      'decrypt-failed',
    );
    expect((await attachmentError(decryptAttachment(ciphertext, { ...ref, iv: other.ref.iv }))).code).toBe(
      'decrypt-failed',
    );
    expect((await attachmentError(decryptAttachment(ciphertext, { ...ref, key: 'garbage!' }))).code).toBe(
      'decrypt-failed',
    );
    expect(
      (await attachmentError(decryptAttachment(ciphertext, { ...ref, key: toBase64(new Uint8Array(16)) }))).code,
    ).toBe('decrypt-failed');
    // tampered ciphertext whose hash was recomputed (an attacker who can also change the message): GCM still refuses
    const tampered = new Uint8Array(ciphertext);
    tampered[0] ^= 0x80;
    const sha256 = await sha256Hex(tampered);
    expect((await attachmentError(decryptAttachment(tampered, { ...ref, sha256 }))).code).toBe('decrypt-failed');
  });
});

// --- XMLHttpRequest fake ---------------------------------------------------------------------------------------------
