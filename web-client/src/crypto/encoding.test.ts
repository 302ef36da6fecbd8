import { describe, expect, test } from 'vitest';
import { fromBase64, fromUtf8, randomId, toBase64, utf8 } from './index';
import { fromHex, toHex } from './encoding';

describe('encoding', () => {
  test('base64 matches the RFC 4648 test vectors', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of cases) {
      expect(toBase64(utf8(plain))).toBe(b64);
      expect(fromUtf8(fromBase64(b64))).toBe(plain);
    }
  });

  test('base64 roundtrips every byte value, ArrayBuffers and sub-views', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(fromBase64(toBase64(all))).toEqual(all);
    expect(toBase64(all.buffer)).toBe(toBase64(all));
    expect(toBase64(all.subarray(10, 13))).toBe(toBase64(new Uint8Array([10, 11, 12])));
    const big = new Uint8Array(100_001).map((_, i) => (i * 7919) & 255);
    const back = fromBase64(toBase64(big));
    expect(back.length === big.length && back.every((b, i) => b === big[i])).toBe(true);
  });

  test('fromBase64 rejects anything but canonical padded standard base64', () => {
    for (const bad of ['Zg', 'Zg=', 'Zm9v\n', 'Zm-v', 'Zm_v', 'Z===', '=Zm9', 'Zh==', 'Zm9=', 'Zm8=Zm8=', '中文中文']) {
      expect(() => fromBase64(bad), bad).toThrow();
    }
  });

  test('utf8 roundtrips Chinese text and emoji', () => {
    const text = '密语：你好，世界 🔐';
    expect(fromUtf8(utf8(text))).toBe(text);
    expect(toHex(utf8('密'))).toBe('e5af86');
  });

  test('hex roundtrips and rejects odd or non-hex input', () => {
    expect(toHex(fromHex('00ff10ab'))).toBe('00ff10ab');
    expect(() => fromHex('abc')).toThrow();
    expect(() => fromHex('zz')).toThrow();
  });

  test('randomId is a fresh UUID v4', () => {
    const a = randomId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomId()).not.toBe(a);
  });
});
