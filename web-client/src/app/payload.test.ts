import { describe, expect, it } from 'vitest';
import { contentPayload, parsePayload, payloadContent } from './payload';

const ref = { id: 'a1', key: 'k', iv: 'i', sha256: 'ab', mime: 'image/png', size: 10 };

describe('payloads', () => {
  it('round-trips text and media, rebuilt from known fields only', () => {
    expect(parsePayload(JSON.stringify({ t: 'text', text: '<b>hi</b>', extra: 1 }))).toEqual({ t: 'text', text: '<b>hi</b>' });
    const image = { kind: 'image', attachment: { ...ref, evil: 1 }, width: 2, height: 3, thumbnail: 'data:image/jpeg;base64,AAAA' };
    const parsed = parsePayload(JSON.stringify({ t: 'media', content: image }));
    expect(parsed).toEqual({ t: 'media', content: { ...image, attachment: ref } });
    expect(payloadContent(parsed!)).toEqual({ ...image, attachment: ref });
    expect(contentPayload({ kind: 'text', text: 'x' })).toEqual({ t: 'text', text: 'x' });
    const voice = { kind: 'voice' as const, attachment: ref, durationMs: 1200 };
    expect(parsePayload(JSON.stringify(contentPayload(voice)))).toEqual({ t: 'media', content: voice });
  });

  it('refuses malformed payloads and thumbnails that are not data: images', () => {
    for (const bad of [
      'not json',
      '[]',
      '{"t":"text","text":5}',
      '{"t":"nope"}',
      JSON.stringify({ t: 'media', content: { kind: 'image', attachment: ref, width: 1, height: 1, thumbnail: 'javascript:alert(1)' } }),
      JSON.stringify({ t: 'media', content: { kind: 'image', attachment: ref, width: 1, height: 1, thumbnail: 'https://x/y.png' } }),
      JSON.stringify({ t: 'media', content: { kind: 'voice', attachment: { ...ref, size: '1' }, durationMs: 1 } }),
      JSON.stringify({ t: 'receipt', ids: ['ok-1', { x: 1 }] }),
    ]) {
      expect(parsePayload(bad)).toBeNull();
    }
  });

  it('receipts carry ids; call signals pass through whole', () => {
    const id = crypto.randomUUID();
    expect(parsePayload(JSON.stringify({ t: 'receipt', ids: [id] }))).toEqual({ t: 'receipt', ids: [id] });
    expect(parsePayload(JSON.stringify({ t: 'call', kind: 'ice', callId: 'c', candidate: null }))).toEqual({
      t: 'call',
      kind: 'ice',
      callId: 'c',
      candidate: null,
    });
  });
});
