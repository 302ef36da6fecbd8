import { beforeAll, describe, expect, test } from 'vitest';
import { createIdentity, deriveKeys, importPeer, type Identity, type PeerKeys } from './index';
import {
  createPrekeyStore,
  detectCurve,
  dh,
  generateDhPair,
  needsSignedPrekeyRotation,
  prekeyText,
  refillPrekeys,
  rotateSignedPrekey,
  SIGNED_PREKEY_GRACE_MS,
  SIGNED_PREKEY_MAX_AGE_MS,
  verifyPrekeys,
  type PrekeyUpload,
} from './prekeys';
import { decodeBase64 } from './encoding';

let bob: Identity;
let bobPeer: PeerKeys;
let mallory: Identity;

beforeAll(async () => {
  const kek = (await deriveKeys('test', 'test', 1)).kek;
  [bob, mallory] = (await Promise.all(['bob', 'mallory'].map((u) => createIdentity(u, kek)))).map((r) => r.identity);
  bobPeer = await importPeer('bob', bob.bundle);
});

const served = (u: PrekeyUpload, i = 0) => ({ curve: u.curve, signedPrekey: u.signedPrekey, oneTimePrekey: u.oneTimePrekeys[i] ?? null });

describe('prekeys', () => {
  test('this runtime has X25519 in WebCrypto, so it is the curve chosen', async () => {
    expect(await detectCurve()).toBe('X25519');
  });

  test.each(['X25519', 'P-256'] as const)('%s: both sides of a DH pair agree on 32 bytes', async (curve) => {
    const [a, b] = await Promise.all([generateDhPair(curve), generateDhPair(curve)]);
    const [ab, ba] = await Promise.all([dh(curve, a.privateKey, b.publicKey), dh(curve, b.privateKey, a.publicKey)]);
    expect(ab).toHaveLength(32);
    expect(ab).toEqual(ba);
    expect(decodeBase64(a.publicKey)).toHaveLength(curve === 'X25519' ? 32 : 65);
  });

  test.each(['X25519', 'P-256'] as const)('%s: a new store publishes a signed prekey and one-time prekeys that verify', async (curve) => {
    const { store, upload } = await createPrekeyStore(bob, 1000, 5, curve);
    expect(upload.curve).toBe(curve);
    expect(upload.oneTimePrekeys.map((p) => p.id)).toEqual([2, 3, 4, 5, 6]);
    expect(store.oneTime.map((p) => p.id)).toEqual([2, 3, 4, 5, 6]);
    expect(store.nextId).toBe(7);
    const verified = await verifyPrekeys(bobPeer, served(upload, 2));
    expect(verified).toEqual({
      curve,
      signedPrekey: { id: 1, publicKey: upload.signedPrekey.publicKey },
      oneTimePrekey: { id: 4, publicKey: upload.oneTimePrekeys[2].publicKey },
    });
    // The upload carries public halves only.
    expect(JSON.stringify(upload)).not.toContain(store.signed.privateKey);
  });

  test('signatures bind username, curve, kind, id and key, so no field can be swapped', async () => {
    const { upload } = await createPrekeyStore(bob, 0, 2, 'X25519');
    const s = served(upload);
    await expect(verifyPrekeys({ ...bobPeer, username: 'mallory' }, s)).rejects.toThrow(/signed prekey/);
    await expect(verifyPrekeys(bobPeer, { ...s, curve: 'P-256' })).rejects.toThrow();
    await expect(verifyPrekeys(bobPeer, { ...s, oneTimePrekey: upload.signedPrekey })).rejects.toThrow(/one-time/);
    await expect(verifyPrekeys(bobPeer, { ...s, signedPrekey: { ...upload.signedPrekey, id: 9 } })).rejects.toThrow(/signed/);
    await expect(
      verifyPrekeys(bobPeer, { ...s, oneTimePrekey: { ...upload.oneTimePrekeys[0], publicKey: upload.oneTimePrekeys[1].publicKey } }),
    ).rejects.toThrow(/one-time/);
    await expect(verifyPrekeys(bobPeer, { ...s, curve: 'X448' })).rejects.toThrow(/curve/);
  });

  test("a prekey signed by someone else's identity key is refused", async () => {
    const { upload } = await createPrekeyStore(mallory, 0, 1, 'X25519');
    // Mallory signs as "bob": the text is right but the key is not Bob's.
    const forged = await createPrekeyStore({ username: 'bob', signPrivate: mallory.signPrivate }, 0, 1, 'X25519');
    await expect(verifyPrekeys(bobPeer, served(upload))).rejects.toThrow();
    await expect(verifyPrekeys(bobPeer, served(forged.upload))).rejects.toThrow(/signed prekey/);
  });

  test('a peer without prekeys (an old client) yields null: the caller falls back to the v1 session', async () => {
    expect(await verifyPrekeys(bobPeer, { curve: null, signedPrekey: null, oneTimePrekey: null })).toBeNull();
  });

  test('refill tops up to the target with fresh ids and re-sends the current signed prekey', async () => {
    const { store } = await createPrekeyStore(bob, 0, 3, 'X25519');
    const { store: refilled, upload } = await refillPrekeys(bob, store, 1, 4);
    expect(upload.oneTimePrekeys.map((p) => p.id)).toEqual([5, 6, 7]);
    expect(upload.signedPrekey.id).toBe(1);
    expect(refilled.oneTime.map((p) => p.id)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(store.oneTime).toHaveLength(3);
  });

  test('the signed prekey rotates weekly; the old one is kept for the grace period, then deleted', async () => {
    const { store } = await createPrekeyStore(bob, 0, 0, 'X25519');
    expect(needsSignedPrekeyRotation(store, SIGNED_PREKEY_MAX_AGE_MS - 1)).toBe(false);
    expect(needsSignedPrekeyRotation(store, SIGNED_PREKEY_MAX_AGE_MS)).toBe(true);
    const first = await rotateSignedPrekey(bob, { ...store, seenInits: ['1:abc'] }, SIGNED_PREKEY_MAX_AGE_MS);
    expect(first.store.signed.id).toBe(2);
    expect(first.store.previousSigned.map((p) => p.id)).toEqual([1]);
    expect(first.store.seenInits).toEqual(['1:abc']);
    expect(first.upload.oneTimePrekeys).toEqual([]);
    expect(await verifyPrekeys(bobPeer, served(first.upload))).not.toBeNull();

    const second = await rotateSignedPrekey(bob, first.store, SIGNED_PREKEY_MAX_AGE_MS + SIGNED_PREKEY_GRACE_MS);
    expect(second.store.previousSigned.map((p) => p.id)).toEqual([2]);
    expect(JSON.stringify(second.store)).not.toContain(store.signed.privateKey);
    expect(second.store.seenInits).toEqual([]);
  });

  test('prekeyText is the documented newline-joined text', () => {
    expect(prekeyText('bob', 'X25519', 'one-time', 7, 'AAAA')).toBe('miyu/v2/prekey\nbob\nX25519\none-time\n7\nAAAA');
  });
});
