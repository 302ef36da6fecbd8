import { beforeAll, describe, expect, test } from 'vitest';
import {
  createIdentity,
  createSession,
  decodeEnvelope,
  deriveKeys,
  encodeEnvelope,
  fromBase64,
  fromUtf8,
  importPeer,
  keyExchangeText,
  needsRotation,
  randomId,
  Receiver,
  RejectedEnvelopeError,
  seal,
  SESSION_MAX_AGE_MS,
  SESSION_MAX_MESSAGES,
  toBase64,
  utf8,
  type Envelope,
  type Identity,
  type PeerKeys,
} from './index';

type Reason = RejectedEnvelopeError['reason'];

let alice: Identity;
let bob: Identity;
let carol: Identity;
let mallory: Identity;
/** alice after re-registering: same username, new keys */
let alice2: Identity;
let peers: Record<'alice' | 'bob' | 'carol' | 'mallory' | 'alice2', PeerKeys>;

beforeAll(async () => {
  const kek = (await deriveKeys('test', 'test', 1)).kek;
  [alice, bob, carol, mallory, alice2] = (
    await Promise.all(['alice', 'bob', 'carol', 'mallory', 'alice'].map((u) => createIdentity(u, kek)))
  ).map((r) => r.identity);
  const imp = (i: Identity) => importPeer(i.username, i.bundle);
  const [pa, pb, pc, pm, pa2] = await Promise.all([alice, bob, carol, mallory, alice2].map(imp));
  peers = { alice: pa, bob: pb, carol: pc, mallory: pm, alice2: pa2 };
});

/** A session alice → bob and n sealed envelopes of the given texts. */
async function aliceToBob(...texts: string[]): Promise<Envelope[]> {
  const session = await createSession(alice, peers.bob);
  const out: Envelope[] = [];
  for (const t of texts) out.push(await seal(alice, session, randomId(), utf8(t)));
  return out;
}

async function rejection(p: Promise<unknown>): Promise<Reason> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RejectedEnvelopeError);
  return (err as RejectedEnvelopeError).reason;
}

/** bob opens an envelope as delivered by the relay from alice (frame id = envelope id unless given). */
function bobOpens(env: Envelope, receiver = new Receiver(bob), frameId = env.id) {
  return receiver.open('alice', frameId, env, peers.alice);
}

function flip(b64: string, index: number): string {
  const bytes = fromBase64(b64);
  bytes[(index + bytes.length) % bytes.length] ^= 0x80;
  return toBase64(bytes);
}

describe('sessions', () => {
  test('createSession signs a key exchange naming both users and both fingerprints', async () => {
    const s = await createSession(alice, peers.bob, 1_700_000_000_000);
    expect(s.counter).toBe(0);
    expect(s.createdAt).toBe(1_700_000_000_000);
    expect(s.peer).toBe('bob');
    expect(s.peerFingerprint).toBe(bob.fingerprint);
    expect(s.kx).toMatchObject({ sid: s.sid, from: 'alice', to: 'bob', fromFp: alice.fingerprint, toFp: bob.fingerprint, ts: 1_700_000_000_000 });
    expect(fromBase64(s.kx.wrapTo).length).toBe(256);
    expect(s.kx.wrapTo).not.toBe(s.kx.wrapFrom);
    const { sig, ...unsigned } = s.kx;
    expect(keyExchangeText(unsigned)).toBe(
      ['miyu/v1/kx', s.sid, 'alice', 'bob', alice.fingerprint, bob.fingerprint, s.kx.wrapTo, s.kx.wrapFrom, '1700000000000'].join('\n'),
    );
    const ok = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      peers.alice.signPublic,
      fromBase64(sig) as Uint8Array<ArrayBuffer>,
      utf8(keyExchangeText(unsigned)) as Uint8Array<ArrayBuffer>,
    );
    expect(ok).toBe(true);
  });

  test('the session key is non-extractable: exportKey rejects', async () => {
    const s = await createSession(alice, peers.bob);
    expect(s.key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', s.key)).rejects.toThrow();
  });

  test('both wrapped keys unwrap to the same session key', async () => {
    const [env] = await aliceToBob('x');
    expect(fromUtf8(await bobOpens(env))).toBe('x');
    expect(fromUtf8(await new Receiver(alice).openOwn(env))).toBe('x');
  });

  test('needsRotation: after 200 messages, after 24 h and when the peer key changes', async () => {
    const t0 = 1_700_000_000_000;
    const s = await createSession(alice, peers.bob, t0);
    expect(needsRotation(s, bob.fingerprint, t0)).toBe(false);
    expect(needsRotation(s, bob.fingerprint, t0 + SESSION_MAX_AGE_MS - 1)).toBe(false);
    expect(needsRotation(s, bob.fingerprint, t0 + SESSION_MAX_AGE_MS)).toBe(true);
    expect(needsRotation(s, 'f'.repeat(64), t0)).toBe(true);
    s.counter = SESSION_MAX_MESSAGES - 1;
    expect(needsRotation(s, bob.fingerprint, t0)).toBe(false);
    await seal(alice, s, randomId(), utf8('200th'));
    expect(s.counter).toBe(200);
    expect(needsRotation(s, bob.fingerprint, t0)).toBe(true);
  });
});

describe('seal and envelopes', () => {
  test('seal counts from 1, uses a fresh IV per message and encodes/decodes losslessly', async () => {
    const s = await createSession(alice, peers.bob);
    const a = await seal(alice, s, 'id-1', utf8('same'));
    const b = await seal(alice, s, 'id-2', utf8('same'));
    expect([a.n, b.n, s.counter]).toEqual([1, 2, 2]);
    expect(a.v).toBe(1);
    expect(a.kx).toEqual(s.kx);
    expect(fromBase64(a.iv).length).toBe(12);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
    expect(fromBase64(a.ct).length).toBe(utf8('same').length + 16);
    const body = encodeEnvelope(a);
    expect(JSON.parse(fromUtf8(fromBase64(body)))).toEqual(a);
    expect(decodeEnvelope(body)).toEqual(a);
  });

  test('seal refuses a session that belongs to another identity', async () => {
    const s = await createSession(alice, peers.bob);
    await expect(seal(carol, s, randomId(), utf8('x'))).rejects.toThrow();
  });

  test('decodeEnvelope rejects anything that is not exactly an envelope as malformed', async () => {
    const [env] = await aliceToBob('hi');
    const enc = (x: unknown) => toBase64(utf8(JSON.stringify(x)));
    const bad: unknown[] = [
      null,
      [],
      'text',
      { ...env, v: 2 },
      { ...env, n: 0 },
      { ...env, n: 1.5 },
      { ...env, n: '1' },
      { ...env, id: '' },
      { ...env, id: 'a\nb' },
      { ...env, iv: toBase64(new Uint8Array(16)) },
      { ...env, ct: toBase64(new Uint8Array(15)) },
      { ...env, extra: 1 },
      { v: 1, kx: env.kx, n: 1, id: 'x', iv: env.iv },
      { ...env, kx: { ...env.kx, fromFp: env.kx.fromFp.toUpperCase() } },
      { ...env, kx: { ...env.kx, to: 'bob\nalice' } },
      { ...env, kx: { ...env.kx, ts: '1' } },
      { ...env, kx: { ...env.kx, sig: toBase64(new Uint8Array(70)) } },
      { ...env, kx: { ...env.kx, wrapTo: 'AAAA' } },
      { ...env, kx: { ...env.kx, extra: 'x' } },
    ];
    for (const x of bad) expect(() => decodeEnvelope(enc(x)), JSON.stringify(x).slice(0, 80)).toThrow(RejectedEnvelopeError);
    for (const body of ['', '!!!!', toBase64(utf8('{')), toBase64(new Uint8Array([0xff, 0xfe]))]) {
      let reason: Reason | undefined;
      try {
        decodeEnvelope(body);
      } catch (e) {
        reason = (e as RejectedEnvelopeError).reason;
      }
      expect(reason).toBe('malformed');
    }
  });
});

describe('Receiver.open', () => {
  test('roundtrips Chinese text and empty messages', async () => {
    const texts = ['你好，Bob！今天下午三点见面吗？🍵', '', 'plain ascii'];
    const envs = await aliceToBob(...texts);
    const r = new Receiver(bob);
    for (let i = 0; i < texts.length; i++) {
      const wire = decodeEnvelope(encodeEnvelope(envs[i]));
      expect(fromUtf8(await bobOpens(wire, r))).toBe(texts[i]);
    }
  });

  test('a flipped byte in the IV, the ciphertext or the GCM tag fails decryption', async () => {
    const [env] = await aliceToBob('secret message');
    const ctLen = fromBase64(env.ct).length;
    expect(await rejection(bobOpens({ ...env, iv: flip(env.iv, 0) }))).toBe('decrypt-failed');
    expect(await rejection(bobOpens({ ...env, ct: flip(env.ct, 0) }))).toBe('decrypt-failed');
    expect(await rejection(bobOpens({ ...env, ct: flip(env.ct, ctLen - 16) }))).toBe('decrypt-failed'); // first tag byte
    expect(await rejection(bobOpens({ ...env, ct: flip(env.ct, ctLen - 1) }))).toBe('decrypt-failed'); // last tag byte
    // failures record nothing: the genuine envelope still opens afterwards
    expect(fromUtf8(await bobOpens(env))).toBe('secret message');
  });

  test('changing the authenticated data (n or id) fails decryption', async () => {
    const [env] = await aliceToBob('bound');
    expect(await rejection(bobOpens({ ...env, n: 2 }))).toBe('decrypt-failed');
    const otherId = randomId();
    expect(await rejection(bobOpens({ ...env, id: otherId }, new Receiver(bob), otherId))).toBe('decrypt-failed');
  });

  test('a tampered key exchange fails the signature check', async () => {
    const [env] = await aliceToBob('signed');
    const kx = env.kx;
    expect(await rejection(bobOpens({ ...env, kx: { ...kx, sig: flip(kx.sig, 10) } }))).toBe('bad-signature');
    expect(await rejection(bobOpens({ ...env, kx: { ...kx, ts: kx.ts + 1 } }))).toBe('bad-signature');
    expect(await rejection(bobOpens({ ...env, kx: { ...kx, sid: randomId() } }))).toBe('bad-signature');
    expect(await rejection(bobOpens({ ...env, kx: { ...kx, wrapTo: flip(kx.wrapTo, 3) } }))).toBe('bad-signature');
    expect(await rejection(bobOpens({ ...env, kx: { ...kx, wrapFrom: flip(kx.wrapFrom, 3) } }))).toBe('bad-signature');
  });

  test('a key exchange made and signed by someone else with the sender’s name is rejected', async () => {
    // mallory builds a session claiming to be alice (from: 'alice', alice's fingerprint) but can only sign with his key
    const forgedMe: Identity = { ...mallory, username: 'alice', fingerprint: alice.fingerprint };
    const s = await createSession(forgedMe, peers.bob);
    const env = await seal(forgedMe, s, randomId(), utf8('forged'));
    expect(await rejection(bobOpens(env))).toBe('bad-signature');
  });

  test('the same envelope twice is a replay', async () => {
    const [env] = await aliceToBob('once');
    const r = new Receiver(bob);
    expect(fromUtf8(await bobOpens(env, r))).toBe('once');
    expect(await rejection(bobOpens(env, r))).toBe('replay');
  });

  test('the same envelope delivered twice concurrently is accepted only once', async () => {
    const [env] = await aliceToBob('race');
    const r = new Receiver(bob);
    const results = await Promise.allSettled([bobOpens(env, r), bobOpens(env, r), bobOpens(env, r)]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    for (const x of results) if (x.status === 'rejected') expect((x.reason as RejectedEnvelopeError).reason).toBe('replay');
  });

  test('an older counter after a newer one is stale', async () => {
    const [first, second, third] = await aliceToBob('1', '2', '3');
    const r = new Receiver(bob);
    expect(fromUtf8(await bobOpens(second, r))).toBe('2');
    expect(await rejection(bobOpens(first, r))).toBe('stale-counter');
    expect(fromUtf8(await bobOpens(third, r))).toBe('3');
    // a counter is per session: a new session from alice starts again at 1
    const [fresh] = await aliceToBob('new session');
    expect(fromUtf8(await bobOpens(fresh, r))).toBe('new session');
  });

  test('alice receiving her own envelope back is a reflection', async () => {
    const [env] = await aliceToBob('to bob');
    expect(await rejection(new Receiver(alice).open('alice', env.id, env, peers.alice))).toBe('reflection');
    expect(await rejection(new Receiver(alice).open('bob', env.id, env, peers.bob))).toBe('reflection');
  });

  test('carol receiving alice→bob is a wrong recipient', async () => {
    const [env] = await aliceToBob('for bob only');
    expect(await rejection(new Receiver(carol).open('alice', env.id, env, peers.alice))).toBe('wrong-recipient');
  });

  test('a relay sender that is not the envelope’s sender is a wrong sender', async () => {
    const [env] = await aliceToBob('hello');
    // the relay says mallory sent it
    expect(await rejection(new Receiver(bob).open('mallory', env.id, env, peers.mallory))).toBe('wrong-sender');
    // the relay says alice, but the app passes someone else's pinned keys
    expect(await rejection(new Receiver(bob).open('alice', env.id, env, peers.mallory))).toBe('wrong-sender');
    // relay from mallory, pinned keys of alice
    expect(await rejection(new Receiver(bob).open('mallory', env.id, env, peers.alice))).toBe('wrong-sender');
  });

  test('an envelope id that differs from the relay frame id is malformed', async () => {
    const [env] = await aliceToBob('x');
    expect(await rejection(bobOpens(env, new Receiver(bob), randomId()))).toBe('malformed');
    expect(await rejection(bobOpens({ ...env, v: 2 } as unknown as Envelope))).toBe('malformed');
  });

  test('a sender key that is not the pinned one is a key mismatch', async () => {
    // alice re-registered (alice2); bob still has the old key pinned
    const s = await createSession(alice2, peers.bob);
    const env = await seal(alice2, s, randomId(), utf8('new keys'));
    expect(await rejection(new Receiver(bob).open('alice', env.id, env, peers.alice))).toBe('key-mismatch');
    // after bob accepts the new key it opens
    expect(fromUtf8(await new Receiver(bob).open('alice', env.id, env, peers.alice2))).toBe('new keys');
    // and an envelope of the old key is now a mismatch in turn
    const [old] = await aliceToBob('old keys');
    expect(await rejection(new Receiver(bob).open('alice', old.id, old, peers.alice2))).toBe('key-mismatch');
  });

  test('an envelope made for another key of the recipient is a key mismatch', async () => {
    const [env] = await aliceToBob('to the old bob');
    const bob2: Identity = { ...carol, username: 'bob' }; // bob with different keys
    expect(await rejection(new Receiver(bob2).open('alice', env.id, env, peers.alice))).toBe('key-mismatch');
  });

  test('checks run in the documented order', async () => {
    const [env] = await aliceToBob('order');
    // wrong frame id beats everything
    expect(await rejection(new Receiver(alice).open('mallory', 'x', env, peers.mallory))).toBe('malformed');
    // reflection before wrong recipient and wrong sender
    expect(await rejection(new Receiver(alice).open('mallory', env.id, env, peers.mallory))).toBe('reflection');
    // wrong recipient before wrong sender
    expect(await rejection(new Receiver(carol).open('mallory', env.id, env, peers.mallory))).toBe('wrong-recipient');
    // key mismatch before bad signature
    expect(await rejection(bobOpens({ ...env, kx: { ...env.kx, fromFp: 'a'.repeat(64) } }))).toBe('key-mismatch');
    // bad signature before replay
    const r = new Receiver(bob);
    await bobOpens(env, r);
    expect(await rejection(bobOpens({ ...env, kx: { ...env.kx, ts: 1 } }, r))).toBe('bad-signature');
    // replay before stale counter
    expect(await rejection(bobOpens(env, r))).toBe('replay');
  });
});

describe('Receiver state', () => {
  test('exported and re-imported state keeps rejecting replays and stale counters', async () => {
    const [e1, e2, e3] = await aliceToBob('a', 'b', 'c');
    const r = new Receiver(bob);
    await bobOpens(e2, r);
    const state = JSON.parse(JSON.stringify(r.exportState()));
    expect(state.seen).toEqual([e2.id]);
    expect(Object.values(state.counters)).toEqual([2]);
    const restored = new Receiver(bob, state);
    expect(await rejection(bobOpens(e2, restored))).toBe('replay');
    expect(await rejection(bobOpens(e1, restored))).toBe('stale-counter');
    expect(fromUtf8(await bobOpens(e3, restored))).toBe('c');
    expect(restored.exportState().seen).toEqual([e2.id, e3.id]);
  });

  test('seen ids are bounded to the last 5000', async () => {
    const ids = Array.from({ length: 6000 }, (_, i) => `old-${i}`);
    const r = new Receiver(bob, { counters: {}, seen: ids });
    expect(r.exportState().seen).toEqual(ids.slice(1000));
    const [env] = await aliceToBob('one more');
    await bobOpens(env, r);
    const seen = r.exportState().seen;
    expect(seen).toHaveLength(5000);
    expect(seen[0]).toBe('old-1001');
    expect(seen[4999]).toBe(env.id);
  });

  test('a malformed persisted state is ignored rather than trusted', () => {
    const r = new Receiver(bob, { counters: { a: -1, b: 'x', c: 3 }, seen: [1, 'ok'] } as never);
    expect(r.exportState()).toEqual({ counters: { c: 3 }, seen: ['ok'] });
  });

  test('counters of one sender cannot be advanced by another sender reusing the sid', async () => {
    const [genuine] = await aliceToBob('genuine');
    // mallory (a friend of bob) signs his own key exchange with alice's session id and a huge counter
    const s = await createSession(mallory, peers.bob);
    s.sid = genuine.kx.sid;
    const forged = { ...s, kx: { ...s.kx, sid: genuine.kx.sid } };
    const { sig: _ignored, ...unsigned } = forged.kx;
    const sig = toBase64(
      await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, mallory.signPrivate, utf8(keyExchangeText(unsigned)) as Uint8Array<ArrayBuffer>),
    );
    forged.kx = { ...forged.kx, sig };
    forged.counter = 1_000_000;
    const env = await seal(mallory, forged, randomId(), utf8('x'));
    const r = new Receiver(bob);
    expect(fromUtf8(await r.open('mallory', env.id, env, peers.mallory))).toBe('x');
    expect(fromUtf8(await bobOpens(genuine, r))).toBe('genuine');
  });
});

describe('Receiver.openOwn', () => {
  test('decrypts the local user’s own sent envelopes, repeatedly (no replay checks)', async () => {
    const envs = await aliceToBob('我发的第一条', 'second');
    const r = new Receiver(alice);
    expect(fromUtf8(await r.openOwn(envs[0]))).toBe('我发的第一条');
    expect(fromUtf8(await r.openOwn(envs[1]))).toBe('second');
    expect(fromUtf8(await r.openOwn(envs[0]))).toBe('我发的第一条');
  });

  test('refuses envelopes of other users, of another own key, and forged ones', async () => {
    const [env] = await aliceToBob('mine');
    expect(await rejection(new Receiver(bob).openOwn(env))).toBe('wrong-sender');
    expect(await rejection(new Receiver(alice2).openOwn(env))).toBe('key-mismatch');
    expect(await rejection(new Receiver(alice).openOwn({ ...env, kx: { ...env.kx, ts: 5 } }))).toBe('bad-signature');
    expect(await rejection(new Receiver(alice).openOwn({ ...env, ct: flip(env.ct, -1) }))).toBe('decrypt-failed');
  });
});
