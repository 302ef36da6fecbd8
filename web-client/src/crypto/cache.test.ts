import { describe, expect, test } from 'vitest';
import { createCacheKey, openJson, sealJson } from './index';

describe('local cache key', () => {
  test('is a non-extractable AES-256-GCM key', async () => {
    const key = await createCacheKey();
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  test('sealJson/openJson roundtrip JSON values with a fresh IV each time', async () => {
    const key = await createCacheKey();
    const value = { chat: 'bob', messages: [{ id: '1', text: '晚安 🌙', at: 1 }], hidden: false };
    const a = await sealJson(key, value);
    const b = await sealJson(key, value);
    expect(a.iv.length).toBe(12);
    expect(a.iv).not.toEqual(b.iv);
    expect(new Uint8Array(a.ct)).not.toEqual(new Uint8Array(b.ct));
    expect(await openJson(key, a)).toEqual(value);
    expect(await openJson(key, structuredClone(b))).toEqual(value);
  });

  test('a tampered record or another key does not open', async () => {
    const key = await createCacheKey();
    const sealed = await sealJson(key, [1, 2, 3]);
    const ct = new Uint8Array(sealed.ct.slice(0));
    ct[0] ^= 1;
    await expect(openJson(key, { iv: sealed.iv, ct: ct.buffer })).rejects.toThrow();
    await expect(openJson(await createCacheKey(), sealed)).rejects.toThrow();
  });

  test('refuses values that are not JSON', async () => {
    await expect(sealJson(await createCacheKey(), undefined)).rejects.toThrow();
  });
});
