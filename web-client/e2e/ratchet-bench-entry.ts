// Bundled by ratchet-bench.mjs for Chromium: times the forward-secrecy building blocks on their own (no stack).
import { createIdentity, deriveKeys, importPeer } from '../src/crypto/index';
import { createPrekeyStore, verifyPrekeys } from '../src/crypto/prekeys';
import { ratchetDecrypt, ratchetEncrypt } from '../src/crypto/ratchet';
import { acceptSession, startSession } from '../src/crypto/x3dh';

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, mean: s.reduce((x, y) => x + y, 0) / s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

async function run(rounds: number) {
  const kek = (await deriveKeys('bench', 'bench', 1)).kek;
  const [alice, bob] = (await Promise.all(['alice', 'bob'].map((u) => createIdentity(u, kek)))).map((r) => r.identity);
  const [pa, pb] = await Promise.all([importPeer('alice', alice.bundle), importPeer('bob', bob.bundle)]);
  const text = new Uint8Array(1024).fill(65);

  let t = performance.now();
  const { store, upload } = await createPrekeyStore(bob, Date.now(), 100);
  const prekeys100 = performance.now() - t;

  const setup: number[] = [];
  const accept: number[] = [];
  for (let i = 0; i < rounds; i++) {
    t = performance.now();
    const verified = await verifyPrekeys(pb, { curve: upload.curve, signedPrekey: upload.signedPrekey, oneTimePrekey: upload.oneTimePrekeys[i % 100] });
    const a = await startSession(alice, pb, verified!);
    const first = await ratchetEncrypt(a!, crypto.randomUUID(), text);
    setup.push(performance.now() - t);
    t = performance.now();
    await acceptSession(bob, pa, store, first.message);
    accept.push(performance.now() - t);
  }

  const verified = await verifyPrekeys(pb, { curve: upload.curve, signedPrekey: upload.signedPrekey, oneTimePrekey: upload.oneTimePrekeys[0] });
  let a = (await startSession(alice, pb, verified!))!;
  const opened = await ratchetEncrypt(a, crypto.randomUUID(), text);
  a = opened.state;
  let b = (await acceptSession(bob, pa, store, opened.message)).state;
  const send: number[] = [];
  const receive: number[] = [];
  const turnSend: number[] = [];
  const turnReceive: number[] = [];
  for (let i = 0; i < rounds * 10; i++) {
    t = performance.now();
    const out = await ratchetEncrypt(a, crypto.randomUUID(), text);
    send.push(performance.now() - t);
    a = out.state;
    t = performance.now();
    b = (await ratchetDecrypt(b, out.message)).state;
    receive.push(performance.now() - t);
    if (i % 10 === 9) {
      // A reply: Bob's first send of a new chain, and Alice's receive with its DH ratchet step.
      t = performance.now();
      const back = await ratchetEncrypt(b, crypto.randomUUID(), text);
      turnSend.push(performance.now() - t);
      b = back.state;
      t = performance.now();
      a = (await ratchetDecrypt(a, back.message)).state;
      turnReceive.push(performance.now() - t);
    }
  }
  return {
    curve: upload.curve,
    prekeys100,
    setupSend: stats(setup),
    setupAccept: stats(accept),
    send1k: stats(send),
    receive1k: stats(receive),
    replySend1k: stats(turnSend),
    receiveWithDhStep1k: stats(turnReceive),
  };
}

(globalThis as unknown as { ratchetBench: typeof run }).ratchetBench = run;
