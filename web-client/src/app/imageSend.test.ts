import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChatApp, type ChatMessage, type MediaContent } from './model';
import { setLang } from '../i18n';
import { decryptAttachment } from '../media/attachment';
import { sha256Hex } from '../media/encoding';
import { MAX_IMAGE_BYTES, sniffImageType } from '../media/image';
import { revealText, StegoError, textCapacity } from '../media/stego';
import { until } from '../test-support/wait';
import { imageErrorText } from '../ui/media/imageText';
import { checkImage, discardUpload, retryUpload, sendStegoImage, uploads, type StegoCover } from './imageSend';

setLang('en');

// --- fakes: the server behind XMLHttpRequest, the app behind ChatApp -----------------------------------------------

type Progress = ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null;
class FakeXhr {
  static requests: FakeXhr[] = [];
  url = '';
  headers: Record<string, string> = {};
  body: Blob | null = null;
  responseType = '';
  status = 0;
  statusText = '';
  responseText = '';
  upload: { onprogress: Progress } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.requests.push(this);
  }
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: Blob) {
    this.body = body;
  }
  respond(status: number, text: string) {
    this.status = status;
    this.responseText = text;
    this.onload?.();
  }
}

function fakeApp() {
  const sent: MediaContent[] = [];
  const messages = signal<ChatMessage[]>([]);
  const app = {
    messages,
    accessToken: async () => 'token-1',
    sendContent: async (_peer: string, content: MediaContent) => {
      sent.push(content);
    },
  } as unknown as ChatApp;
  return { app, sent };
}

const original = (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
afterEach(() => {
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = original;
  FakeXhr.requests = [];
  for (const u of uploads.value) discardUpload(u.id);
});

function cover(width: number, height: number): StegoCover {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 5)) & 0xff;
  return {
    image: { blob: new Blob([]), bytes: new Uint8Array(0), mime: 'image/png', width, height },
    rgba: { width, height, data },
    thumbnail: 'data:image/jpeg;base64,AAAA',
    capacity: textCapacity(width, height),
  };
}

describe('sendStegoImage', () => {
  it('uploads only ciphertext with progress, and the message opens to the exact hidden text', async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
    const { app, sent } = fakeApp();
    const secret = '今晚八点，老地方见 🌙\nline two';

    await sendStegoImage(app, 'bob', cover(64, 48), secret);
    await until(() => FakeXhr.requests.length === 1 && !!FakeXhr.requests[0].body, 'the upload');
    const xhr = FakeXhr.requests[0];
    expect(xhr.url).toBe('/api/attachments');
    expect(xhr.headers.authorization).toBe('Bearer token-1');
    const uploaded = new Uint8Array(await xhr.body!.arrayBuffer());
    expect(sniffImageType(uploaded)).toBeNull(); // not a PNG on the wire

    const pending = uploads.value.find((u) => u.peer === 'bob')!;
    expect(pending).toMatchObject({ stego: true, phase: 'uploading' });
    xhr.upload.onprogress!({ loaded: 1000, total: 4000, lengthComputable: true });
    expect(uploads.value.find((u) => u.id === pending.id)!.percent).toBe(25);

    xhr.respond(201, JSON.stringify({ id: 'blob-1' }));
    await until(() => sent.length === 1, 'the message');
    await until(() => uploads.value.length === 0, 'the upload to end');

    const content = sent[0];
    if (content.kind !== 'image') throw new Error('not an image');
    expect(content).toMatchObject({ width: 64, height: 48, thumbnail: 'data:image/jpeg;base64,AAAA' });
    expect(content.attachment).toMatchObject({ id: 'blob-1', mime: 'image/png', sha256: await sha256Hex(uploaded) });
    const png = await decryptAttachment(uploaded, content.attachment);
    expect(content.attachment.size).toBe(png.length);
    expect(sniffImageType(png)).toBe('image/png');
    expect(await revealText(png, content.stego!.key, content.stego!.iv)).toBe(secret);
  });

  it('refuses a text that does not fit before anything is uploaded', async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
    const { app } = fakeApp();
    const small = cover(16, 16); // 96 − 8 − 16 = 72 bytes of text
    expect(small.capacity).toBe(72);
    await expect(sendStegoImage(app, 'bob', small, '密'.repeat(25))).rejects.toBeInstanceOf(StegoError);
    expect(FakeXhr.requests).toHaveLength(0);
    expect(uploads.value).toHaveLength(0);
  });

  it('keeps a failed upload with its reason, and a retry sends it', async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
    const { app, sent } = fakeApp();
    await sendStegoImage(app, 'carol', cover(32, 32), 'hi');
    await until(() => FakeXhr.requests.length === 1 && !!FakeXhr.requests[0].body, 'the upload');
    FakeXhr.requests[0].respond(413, JSON.stringify({ title: 'Payload Too Large' }));
    await until(() => uploads.value[0]?.phase === 'failed', 'the upload to fail');
    expect(imageErrorText(uploads.value[0].error)).toBe('This image is too large: 10 MB at most');

    retryUpload(uploads.value[0].id);
    await until(() => FakeXhr.requests.length === 2 && !!FakeXhr.requests[1].body, 'the second upload');
    FakeXhr.requests[1].respond(201, JSON.stringify({ id: 'blob-2' }));
    await until(() => sent.length === 1 && uploads.value.length === 0, 'the message after the retry');
    expect(sent[0].attachment.id).toBe('blob-2');
  });
});

describe('checkImage', () => {
  it('refuses a file over the limit without reading it', async () => {
    const huge = { size: MAX_IMAGE_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as Blob;
    await expect(checkImage(huge)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('refuses a file that is not a JPEG, PNG, GIF or WebP, whatever its declared type', async () => {
    const text = new Blob(['just some text, not pixels'], { type: 'image/png' });
    await expect(checkImage(text)).rejects.toMatchObject({ code: 'not-an-image' });
  });
});
