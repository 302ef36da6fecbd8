import { describe, expect, test } from 'vitest';
import doc from '../../../docs/crypto.md?raw';
import { ALICE_FINGERPRINT, BOB_FINGERPRINT } from './vectors';
import { decodeBase64, fromHex, toBase64, toHex } from './encoding';
import { dh, SIGNED_PREKEY_GRACE_MS, SIGNED_PREKEY_MAX_AGE_MS } from './prekeys';
import { kdfChain, kdfRoot, MAX_SKIP, MAX_SKIPPED_KEYS, messageAd, sealWithMessageKey } from './ratchet';
import { x3dhRootKey } from './x3dh';

/** The `name = hex` lines of the block after `<!-- ratchet-vectors -->` in docs/crypto.md §19. */
function docVectors(): Record<string, string> {
  const block = doc.split('<!-- ratchet-vectors -->')[1]?.split('```')[1];
  if (!block) throw new Error('docs/crypto.md has no ratchet-vectors block');
  return Object.fromEntries(
    block
      .split('\n')
      .map((line) => line.match(/^(\S+)\s+=\s+([0-9a-f]+)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
}

const PKCS8_X25519 = '302e020100300506032b656e04220420';
const pkcs8 = (scalar: string) => toBase64(fromHex(PKCS8_X25519 + scalar));

async function publicOf(scalar: string): Promise<string> {
  const key = await crypto.subtle.importKey('pkcs8', fromHex(PKCS8_X25519 + scalar), { name: 'X25519' }, true, ['deriveBits']);
  const { x } = await crypto.subtle.exportKey('jwk', key);
  // JWK's base64url without padding → standard base64 (32 bytes: 43 characters + one '=').
  return toHex(decodeBase64(x!.replace(/-/g, '+').replace(/_/g, '/') + '='));
}

describe('docs/crypto.md §19 forward-secrecy vectors', () => {
  const v = docVectors();
  const pub = (name: string) => toBase64(fromHex(v[name + '.public']));

  test('the block lists every value', () => {
    expect(Object.keys(v)).toHaveLength(18);
  });

  test('public keys belong to the private scalars', async () => {
    for (const name of ['ek', 'spk', 'opk', 'dhs']) expect(await publicOf(v[name + '.private']), name).toBe(v[name + '.public']);
  });

  test('the setup agreements and the first root key', async () => {
    const dh1 = await dh('X25519', pkcs8(v['ek.private']), pub('spk'));
    const dh2 = await dh('X25519', pkcs8(v['ek.private']), pub('opk'));
    expect(toHex(dh1)).toBe(v.dh1);
    expect(toHex(dh2)).toBe(v.dh2);
    // Both sides agree: the recipient computes the same from its prekeys and the ephemeral public key.
    expect(toHex(await dh('X25519', pkcs8(v['spk.private']), pub('ek')))).toBe(v.dh1);
    expect(toHex(await x3dhRootKey(dh1, dh2, fromHex(v.secret), ALICE_FINGERPRINT, BOB_FINGERPRINT))).toBe(v.sk);
  });

  test('the first ratchet step, chain step and message', async () => {
    const dhOut = await dh('X25519', pkcs8(v['dhs.private']), pub('spk'));
    expect(toHex(dhOut)).toBe(v['dh(dhs,spk)']);
    const [rk1, cks] = await kdfRoot(fromHex(v.sk), dhOut);
    expect([toHex(rk1), toHex(cks)]).toEqual([v.rk1, v.cks]);
    const [mk0, cks1] = await kdfChain(cks);
    expect([toHex(mk0), toHex(cks1)]).toEqual([v.mk0, v.cks1]);
    const ad = messageAd('alice', 'bob', '0'.repeat(64), '00000000-0000-4000-8000-000000000001', { dh: pub('dhs'), pn: 0, n: 0 });
    const { ct } = await sealWithMessageKey(mk0, ad, new TextEncoder().encode('hello bob'), new Uint8Array(12));
    expect(toHex(decodeBase64(ct))).toBe(v.ct);
  });

  test('states the limits the code uses', () => {
    expect(MAX_SKIP).toBe(1000);
    expect(doc).toContain('`MAX_SKIP` = 1000');
    expect(MAX_SKIPPED_KEYS).toBe(2000);
    expect(doc).toContain('`MAX_SKIPPED_KEYS` = 2000');
    expect(SIGNED_PREKEY_MAX_AGE_MS).toBe(7 * 24 * 3600 * 1000);
    expect(doc).toContain('`SIGNED_PREKEY_MAX_AGE_MS`, 7 days');
    expect(SIGNED_PREKEY_GRACE_MS).toBe(30 * 24 * 3600 * 1000);
    expect(doc).toContain('`SIGNED_PREKEY_GRACE_MS`, 30 days');
  });
});
