import { afterEach, describe, expect, it } from 'vitest';
import { downloadAttachment, uploadAttachment } from './attachments';
import { ActionError } from './errors';

function random(n: number): Uint8Array {
  const out = new Uint8Array(n);
  crypto.getRandomValues(out);
  return out;
}

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
      this.response = this.responseType === 'arraybuffer' ? new TextEncoder().encode(body).buffer : body;
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
