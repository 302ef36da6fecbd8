import { afterEach, describe, expect, it } from 'vitest';
import { ActionError } from '../app/model';
import {
  AttachmentError,
  decryptAttachment,
  downloadAttachment,
  encryptAttachment,
  uploadAttachment,
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

type Handler = ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null;
class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  responseType = '';
  status = 0;
  statusText = '';
  responseText = '';
  response: unknown = null;
  upload: { onprogress: Handler } = { onprogress: null };
  onprogress: Handler = null;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  send(body?: unknown) {
    this.body = body;
  }
  /** the server's side */
  respond(status: number, body: string | Uint8Array, statusText = '') {
    this.status = status;
    this.statusText = statusText;
    if (typeof body === 'string') {
      this.responseText = body;
      this.response = this.responseType === 'arraybuffer' ? utf8(body).buffer : body;
    } else {
      this.response = body.slice().buffer;
    }
    this.onload?.();
  }
}

describe('uploadAttachment / downloadAttachment', () => {
  const original = (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
  afterEach(() => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = original;
  });
  const install = () => ((globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr);

  it('uploads the ciphertext as octet-stream with the bearer token, reports progress and returns the id', async () => {
    install();
    const progress: [number, number][] = [];
    const ct = random(1000);
    const p = uploadAttachment(ct, 'tok-1', (l, t) => progress.push([l, t]));
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/attachments');
    expect(xhr.headers['authorization']).toBe('Bearer tok-1');
    expect(xhr.headers['content-type']).toBe('application/octet-stream');
    const sent = new Uint8Array(await (xhr.body as Blob).arrayBuffer());
    expect(sent).toEqual(ct);
    xhr.upload.onprogress!({ loaded: 400, total: 1000, lengthComputable: true });
    xhr.respond(201, '{"id":"6f1c0c1e-0000-4000-8000-000000000001"}');
    expect(await p).toBe('6f1c0c1e-0000-4000-8000-000000000001');
    expect(progress).toEqual([
      [400, 1000],
      [1000, 1000],
    ]);
  });

  it("surfaces the server's problem detail", async () => {
    install();
    const p = uploadAttachment(random(10), 't');
    FakeXhr.last!.respond(
      413,
      '{"status":413,"title":"Request Entity Too Large","detail":"a request body may be at most 10485760 bytes"}',
    );
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ActionError);
    expect((e as ActionError).status).toBe(413);
    expect((e as ActionError).message).toBe('a request body may be at most 10485760 bytes');
  });

  it('rejects on a network error', async () => {
    install();
    const p = uploadAttachment(random(10), 't');
    FakeXhr.last!.onerror!();
    await expect(p).rejects.toBeInstanceOf(ActionError);
  });

  it('downloads the bytes with progress (falling back to the expected size) and surfaces 404 details', async () => {
    install();
    const ct = random(300);
    const progress: [number, number][] = [];
    const p = downloadAttachment('abc', 'tok-2', (l, t) => progress.push([l, t]), 300);
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('GET');
    expect(xhr.url).toBe('/api/attachments/abc');
    expect(xhr.headers['authorization']).toBe('Bearer tok-2');
    expect(xhr.responseType).toBe('arraybuffer');
    xhr.onprogress!({ loaded: 100, total: 0, lengthComputable: false });
    xhr.respond(200, ct);
    expect(await p).toEqual(ct);
    expect(progress).toEqual([
      [100, 300],
      [300, 300],
    ]);

    const q = downloadAttachment('gone', 't');
    FakeXhr.last!.respond(404, '{"status":404,"title":"Not Found","detail":"no such attachment"}');
    await expect(q).rejects.toThrow('no such attachment');
  });
});
