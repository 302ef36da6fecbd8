import { beforeAll, describe, expect, test } from 'vitest';
import { createCacheKey, createIdentity, deriveKeys, fromUtf8, importPeer, randomId, utf8, type Identity, type PeerKeys } from './index';
import { createPrekeyStore, rotateSignedPrekey, SIGNED_PREKEY_GRACE_MS, verifyPrekeys, type Curve, type PrekeyStore } from './prekeys';
import {
  decodeRatchetMessage,
  encodeRatchetMessage,
  initReceiver,
  kdfChain,
  MAX_SKIP,
  MAX_SKIPPED_KEYS,
  messageAd,
  openRatchet,
  RatchetError,
  ratchetDecrypt,
  ratchetEncrypt,
  sealRatchet,
  type RatchetMessage,
  type RatchetState,
} from './ratchet';
import { acceptSession, startSession } from './x3dh';
import { buf, decodeBase64, toBase64 } from './encoding';

let alice: Identity;
let bob: Identity;
let mallory: Identity;
let peers: Record<'alice' | 'bob' | 'mallory', PeerKeys>;

beforeAll(async () => {
  const kek = (await deriveKeys('test', 'test', 1)).kek;
  [alice, bob, mallory] = (await Promise.all(['alice', 'bob', 'mallory'].map((u) => createIdentity(u, kek)))).map((r) => r.identity);
  const [a, b, m] = await Promise.all([alice, bob, mallory].map((i) => importPeer(i.username, i.bundle)));
  peers = { alice: a, bob: b, mallory: m };
});

async function reason(p: Promise<unknown>): Promise<RatchetError['reason']> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RatchetError);
  return (err as RatchetError).reason;
}

/** Bob's prekeys on `curve` and Alice's session to him, made from what the prekey-bundle fetch would serve. */
async function aliceOpens(curve: Curve = 'X25519', withOneTime = true) {
  const { store, upload } = await createPrekeyStore(bob, 0, 3, curve);
  const verified = await verifyPrekeys(peers.bob, {
    curve,
    signedPrekey: upload.signedPrekey,
    oneTimePrekey: withOneTime ? upload.oneTimePrekeys[1] : null,
  });
  const state = await startSession(alice, peers.bob, verified!);
  return { a: state!, store };
}

/** A conversation endpoint: its state advances with every send and receive, like the engine's stored state. */
class Side {
  constructor(public state: RatchetState) {}

  async send(text: string): Promise<RatchetMessage> {
    const { message, state } = await ratchetEncrypt(this.state, randomId(), utf8(text));
    this.state = state;
    return message;
  }

  async read(message: RatchetMessage): Promise<string> {
    const { plaintext, state } = await ratchetDecrypt(this.state, message);
    this.state = state;
    return fromUtf8(plaintext);
  }
}

/** Alice and Bob after Alice's first message ("hello") was accepted by Bob. */
async function established(curve: Curve = 'X25519') {
  const { a, store } = await aliceOpens(curve);
  const alice = new Side(a);
  const first = await alice.send('hello');
  const accepted = await acceptSession(bob, peers.alice, store, first);
  expect(fromUtf8(accepted.plaintext)).toBe('hello');
  return { alice, bob: new Side(accepted.state), store: accepted.store, first };
}

describe('session setup (x3dh.ts)', () => {
  test.each(['X25519', 'P-256'] as const)('%s: Bob accepts the first message and answers; the one-time prekey is used up', async (curve) => {
    const { a, store } = await aliceOpens(curve);
    const first = await ratchetEncrypt(a, randomId(), utf8('hi bob'));
    expect(first.message.init).not.toBeNull();
    expect(first.message.init!.opk).toBe(3);
    const accepted = await acceptSession(bob, peers.alice, store, decodeRatchetMessage(encodeRatchetMessage(first.message)));
    expect(fromUtf8(accepted.plaintext)).toBe('hi bob');
    expect(accepted.store.oneTime.map((p) => p.id)).toEqual([2, 4]);
    expect(store.oneTime.map((p) => p.id)).toEqual([2, 3, 4]);

    const reply = await ratchetEncrypt(accepted.state, randomId(), utf8('hi alice'));
    expect(reply.message.init).toBeNull();
    const back = await ratchetDecrypt(first.state, reply.message);
    expect(fromUtf8(back.plaintext)).toBe('hi alice');
    // Alice stops repeating the setup header once Bob has answered.
    expect(first.state.init).not.toBeNull();
    expect(back.state.init).toBeNull();
  });

  test('without a one-time prekey the setup still works (signed prekey and RSA secret only)', async () => {
    const { a, store } = await aliceOpens('X25519', false);
    const { message } = await ratchetEncrypt(a, randomId(), utf8('no opk'));
    expect(message.init!.opk).toBeNull();
    const accepted = await acceptSession(bob, peers.alice, store, message);
    expect(fromUtf8(accepted.plaintext)).toBe('no opk');
    expect(accepted.store.oneTime).toHaveLength(3);
  });

  test('every message before the answer repeats the setup; Bob opens the later ones with his session', async () => {
    const { alice: a, bob: b } = await established();
    const second = await a.send('second');
    expect(second.init).toEqual(a.state.init);
    expect(await b.read(second)).toBe('second');
  });

  test('the setup is refused when forged, re-addressed, replayed or its prekey is gone', async () => {
    const { a, store } = await aliceOpens();
    const { message } = await ratchetEncrypt(a, randomId(), utf8('x'));
    const init = message.init!;
    expect(await reason(acceptSession(bob, peers.mallory, store, message))).toBe('wrong-session');
    expect(await reason(acceptSession(bob, peers.alice, store, { ...message, init: { ...init, fromFp: peers.mallory.fingerprint } }))).toBe(
      'key-mismatch',
    );
    expect(await reason(acceptSession(mallory, peers.alice, store, { ...message, to: 'mallory' }))).toBe('key-mismatch');
    const flipped = init.sig.startsWith('A') ? 'B' + init.sig.slice(1) : 'A' + init.sig.slice(1);
    expect(await reason(acceptSession(bob, peers.alice, store, { ...message, init: { ...init, sig: flipped } }))).toBe('bad-signature');
    expect(await reason(acceptSession(bob, peers.alice, store, { ...message, sid: 'f'.repeat(64) }))).toBe('wrong-session');
    expect(await reason(acceptSession(bob, peers.alice, store, { ...message, init: null }))).toBe('malformed');

    const accepted = await acceptSession(bob, peers.alice, store, message);
    expect(await reason(acceptSession(bob, peers.alice, accepted.store, message))).toBe('replay');
    expect(await reason(acceptSession(bob, peers.alice, { ...accepted.store, seenInits: [] }, message))).toBe('unknown-prekey');
  });

  test('a setup made for a signed prekey deleted after the grace period is refused', async () => {
    const { a, store } = await aliceOpens('X25519', false);
    const { message } = await ratchetEncrypt(a, randomId(), utf8('late'));
    const once = await rotateSignedPrekey(bob, store, 1);
    expect(fromUtf8((await acceptSession(bob, peers.alice, once.store, message)).plaintext)).toBe('late');
    const twice = await rotateSignedPrekey(bob, once.store, 1 + SIGNED_PREKEY_GRACE_MS);
    expect(await reason(acceptSession(bob, peers.alice, twice.store, message))).toBe('unknown-prekey');
  });
});

describe('double ratchet (ratchet.ts)', () => {
  test('a conversation in turns: every answer is a new DH ratchet step', async () => {
    const { alice: a, bob: b } = await established();
    const keys = new Set<string>([a.state.dhs.publicKey]);
    for (let turn = 0; turn < 4; turn++) {
      expect(await a.read(await b.send(`bob ${turn}`))).toBe(`bob ${turn}`);
      keys.add(b.state.dhs.publicKey);
      expect(await b.read(await a.send(`alice ${turn}`))).toBe(`alice ${turn}`);
      keys.add(a.state.dhs.publicKey);
    }
    expect(keys.size).toBe(9);
  });

  test('each message gets a fresh IV and its own key: equal texts encrypt differently', async () => {
    const { alice: a } = await established();
    const [m1, m2] = [await a.send('same'), await a.send('same')];
    expect(m1.iv).not.toBe(m2.iv);
    expect(m1.ct).not.toBe(m2.ct);
    expect([m1.h.n, m2.h.n]).toEqual([1, 2]);
  });

  test('messages delivered out of order, within a chain and across a ratchet step, are all read', async () => {
    const { alice: a, bob: b } = await established();
    const a1 = await a.send('a1');
    const a2 = await a.send('a2');
    expect(await a.read(await b.send('b1'))).toBe('b1');
    const a3 = await a.send('a3');
    const a4 = await a.send('a4');

    const gap = await ratchetDecrypt(b.state, a4);
    expect(gap.skipped).toBe(3 /* a1, a2 of the old chain and a3 */);
    b.state = gap.state;
    expect(await b.read(a2)).toBe('a2');
    expect(await b.read(a3)).toBe('a3');
    expect(await b.read(a1)).toBe('a1');
    expect(b.state.skipped).toEqual([]);
  });

  test('a lost message leaves a visible gap and the conversation goes on', async () => {
    const { alice: a, bob: b } = await established();
    await a.send('lost');
    const after = await ratchetDecrypt(b.state, await a.send('after'));
    expect(after.skipped).toBe(1);
    b.state = after.state;
    expect(await a.read(await b.send('still here'))).toBe('still here');
    expect(b.state.skipped).toHaveLength(1);
  });

  test('replays are refused: the same message, a skipped one read already, one of a past chain', async () => {
    const { alice: a, bob: b, first } = await established();
    const m1 = await a.send('m1');
    const m2 = await a.send('m2');
    expect(await b.read(m2)).toBe('m2');
    expect(await reason(ratchetDecrypt(b.state, m2))).toBe('replay');
    expect(await b.read(m1)).toBe('m1');
    expect(await reason(ratchetDecrypt(b.state, m1))).toBe('replay');
    expect(await reason(ratchetDecrypt(b.state, first))).toBe('replay');

    expect(await a.read(await b.send('turn'))).toBe('turn');
    expect(await b.read(await a.send('new chain'))).toBe('new chain');
    expect(await reason(ratchetDecrypt(b.state, m1))).toBe('replay');
  });

  test('a gap beyond MAX_SKIP is refused; past MAX_SKIPPED_KEYS the oldest keys are dropped and reported', async () => {
    const { alice: a, bob: b } = await established();
    const sent: RatchetMessage[] = [];
    for (let i = 0; i < MAX_SKIP + 2; i++) sent.push(await a.send(`first chain ${i + 1}`));
    expect(await reason(ratchetDecrypt(b.state, sent[MAX_SKIP + 1]))).toBe('too-far-ahead');

    const round1 = await ratchetDecrypt(b.state, sent[MAX_SKIP]);
    expect([round1.skipped, round1.dropped]).toEqual([MAX_SKIP, 0]);
    b.state = round1.state;
    expect(await a.read(await b.send('ack'))).toBe('ack');

    let last: RatchetMessage | undefined;
    for (let i = 0; i <= MAX_SKIP; i++) last = await a.send(`second chain ${i}`);
    const round2 = await ratchetDecrypt(b.state, last!);
    // The rest of the first chain (its last message) and MAX_SKIP of the second: one key too many is kept.
    expect([round2.skipped, round2.dropped]).toEqual([MAX_SKIP + 1, 2 * MAX_SKIP + 1 - MAX_SKIPPED_KEYS]);
    b.state = round2.state;
    expect(b.state.skipped).toHaveLength(MAX_SKIPPED_KEYS);

    // The oldest skipped message is the one dropped: it can never be read. The next oldest still can.
    expect(await reason(ratchetDecrypt(b.state, sent[0]))).toBe('replay');
    expect(await b.read(sent[1])).toBe('first chain 2');
  }, 60_000);

  test('a tampered header, ciphertext or routing field is refused and the state is unchanged', async () => {
    const { alice: a, bob: b } = await established();
    const m = await a.send('intact');
    const before = JSON.stringify(b.state);
    expect(await reason(ratchetDecrypt(b.state, { ...m, h: { ...m.h, pn: m.h.pn + 1 } }))).toBe('decrypt-failed');
    expect(await reason(ratchetDecrypt(b.state, { ...m, id: randomId() }))).toBe('decrypt-failed');
    const ct = decodeBase64(m.ct);
    ct[0] ^= 1;
    expect(await reason(ratchetDecrypt(b.state, { ...m, ct: toBase64(ct) }))).toBe('decrypt-failed');
    expect(await reason(ratchetDecrypt(b.state, { ...m, to: 'carol' }))).toBe('wrong-session');
    expect(await reason(ratchetDecrypt(b.state, { ...m, from: 'mallory' }))).toBe('wrong-session');
    expect(await reason(ratchetDecrypt(b.state, { ...m, h: { ...m.h, n: -1 } }))).toBe('malformed');
    expect(await reason(ratchetDecrypt(b.state, { ...m, iv: 'AAAA' }))).toBe('malformed');
    expect(JSON.stringify(b.state)).toBe(before);
    expect(await b.read(m)).toBe('intact');
  });

  test('Bob cannot send before Alice has written; decodeRatchetMessage refuses other bodies', async () => {
    const { a, store } = await aliceOpens();
    const { message } = await ratchetEncrypt(a, randomId(), utf8('x'));
    const accepted = await acceptSession(bob, peers.alice, store, message);
    expect(accepted.state.cks).not.toBeNull();
    const fresh = initReceiver({ curve: 'X25519', sid: message.sid, me: 'bob', peer: 'alice', sk: new Uint8Array(32), signedPrekey: store.signed });
    expect(await reason(ratchetEncrypt(fresh, randomId(), utf8('too early')))).toBe('cannot-send');
    expect(() => decodeRatchetMessage('not base64!')).toThrow(RatchetError);
    expect(() => decodeRatchetMessage(btoa('{"v":1}'))).toThrow(RatchetError);
  });

  test('state sealed under the cache key reopens and keeps working; another key cannot open it', async () => {
    const { alice: a, bob: b } = await established();
    const cacheKey = await createCacheKey();
    const sealed = await sealRatchet(cacheKey, b.state);
    expect(new TextDecoder().decode(sealed.ct)).not.toContain(b.state.rk);
    const reopened = new Side(await openRatchet(cacheKey, sealed));
    expect(await reopened.read(await a.send('after restart'))).toBe('after restart');
    await expect(openRatchet(await createCacheKey(), sealed)).rejects.toThrow();
  });
});

describe('forward secrecy', () => {
  /** Every 32-byte secret of a stored state or prekey store, found by walking its JSON. */
  function secretsIn(value: unknown, out: Uint8Array[] = []): Uint8Array[] {
    if (typeof value === 'string') {
      try {
        const bytes = decodeBase64(value);
        if (bytes.length === 32 || bytes.length > 40) out.push(bytes);
      } catch {
        // not base64: not a key
      }
    } else if (Array.isArray(value)) {
      for (const v of value) secretsIn(v, out);
    } else if (typeof value === 'object' && value !== null) {
      for (const v of Object.values(value)) secretsIn(v, out);
    }
    return out;
  }

  async function opens(key: Uint8Array, m: RatchetMessage, ad: string): Promise<boolean> {
    try {
      const k = await crypto.subtle.importKey('raw', buf(key), 'AES-GCM', false, ['decrypt']);
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: decodeBase64(m.iv), additionalData: buf(utf8(ad)) }, k, decodeBase64(m.ct));
      return true;
    } catch {
      return false;
    }
  }

  test('after Bob has read message n, his stored state and long-term private keys cannot decrypt n again', async () => {
    const { a, store } = await aliceOpens();
    const sideA = new Side(a);
    const m0 = await sideA.send('setup message');
    const m1 = await sideA.send('secret one');
    const m2 = await sideA.send('secret two');
    const accepted = await acceptSession(bob, peers.alice, store, m0);
    const b = new Side(accepted.state);
    expect(await b.read(m2)).toBe('secret two');
    expect(await b.read(m1)).toBe('secret one');

    // What an attacker who seizes Bob's browser later has: the stored (sealed, here opened) state and prekey store,
    // and Bob's long-term identity (RSA-OAEP and ECDSA private keys, usable through `bob`).
    const cacheKey = await createCacheKey();
    const stored = await openRatchet(cacheKey, await sealRatchet(cacheKey, b.state));
    const storedPrekeys: PrekeyStore = accepted.store;

    // 1. The protocol itself refuses: the keys of m0..m2 are gone and the one-time prekey is deleted.
    for (const m of [m0, m1, m2]) expect(await reason(ratchetDecrypt(stored, m))).toBe('replay');
    expect(await reason(acceptSession(bob, peers.alice, { ...storedPrekeys, seenInits: [] }, m0))).toBe('unknown-prekey');
    expect(storedPrekeys.oneTime.map((p) => p.id)).not.toContain(m0.init!.opk);

    // 2. No secret left in storage opens m1, neither as a message key nor as a chain key a few steps back or ahead.
    const ad = messageAd(m1.from, m1.to, m1.sid, m1.id, m1.h);
    const candidates = [...secretsIn(stored), ...secretsIn(storedPrekeys)].filter((s) => s.length === 32);
    expect(candidates.length).toBeGreaterThan(3);
    for (const secret of candidates) {
      expect(await opens(secret, m1, ad)).toBe(false);
      let ck: Uint8Array = secret;
      for (let step = 0; step < 4; step++) {
        const [mk, next] = await kdfChain(ck);
        expect(await opens(mk, m1, ad)).toBe(false);
        ck = next;
      }
    }
  });
});
