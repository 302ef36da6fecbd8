import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createIdentity,
  createSession,
  deriveKeys,
  encodeEnvelope,
  importPeer,
  randomId,
  seal,
  utf8,
  type Identity,
} from '../crypto';
import { accountDbName, closeGlobal, loadSession } from '../store/db';
import { createApp, type AppOptions, type Engine } from './client';
import { FakeBackend } from '../test-support/fake-backend';
import { until } from '../test-support/wait';
import { ActionError, type ChatMessage } from './model';

const ITERATIONS = 1000;
const PASSWORD = 'correct horse battery';

let seq = 0;
const name = (p: string) => `${p}${++seq}_${Math.random().toString(36).slice(2, 7)}`;

/** The clear text of a stored frame with base64 values replaced by the bytes they encode (as latin1). */
function clearParts(json: string): string[] {
  const parts: string[] = [];
  const longBase64 = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
  JSON.parse(json, (key, value) => {
    parts.push(key);
    if (typeof value === 'string') {
      if (!longBase64.test(value)) parts.push(value);
      try {
        parts.push(atob(value.replace(/-/g, '+').replace(/_/g, '/')));
      } catch {
        // not base64: its clear text is already in parts
      }
    }
    return value;
  });
  return parts;
}

const apps: Engine[] = [];
function app(server: FakeBackend, extra: AppOptions = {}): Engine {
  const a = createApp({
    fetch: server.fetch,
    socket: server.socket,
    relayUrl: (t) => `ws://fake/ws?ticket=${t}`,
    iterations: ITERATIONS,
    ...extra,
  });
  apps.push(a);
  return a;
}
afterEach(async () => {
  for (const a of apps.splice(0)) {
    if (a.phase.value === 'ready') a.lock();
  }
  // after the lock: the engines' timers were cleared on the clock that made them
  vi.useRealTimers();
  await closeGlobal();
});

async function registered(server: FakeBackend, prefix: string, extra: AppOptions = {}): Promise<{ app: Engine; user: string }> {
  const a = app(server, extra);
  await a.start();
  const user = name(prefix);
  await a.register(user.toUpperCase(), `${user}@example.org`, PASSWORD);
  await until(() => a.connection.value === 'online', 'online');
  return { app: a, user };
}

async function befriend(a: { app: Engine; user: string }, b: { app: Engine; user: string }) {
  await a.app.requestFriend(b.user);
  await until(() => b.app.requests.value.incoming.some((r) => r.username === a.user), 'incoming request');
  const req = b.app.requests.value.incoming.find((r) => r.username === a.user)!;
  await b.app.acceptRequest(req.id);
  await until(() => a.app.friends.value.some((f) => f.username === b.user), 'friend on a');
  await until(() => b.app.friends.value.some((f) => f.username === a.user), 'friend on b');
}

const texts = (msgs: ChatMessage[]) => msgs.map((m) => (m.content.kind === 'text' ? m.content.text : m.content.kind));

describe('QR codes', () => {
  it('my QR text and parsing accept exactly miyu:user:<username>', () => {
    const a = createApp();
    expect(a.parseUserQr('miyu:user:alice_01')).toBe('alice_01');
    expect(a.parseUserQr('miyu:user:a.b-c')).toBe('a.b-c');
    for (const bad of ['miyu:user:ab', 'miyu:user:Alice', ' miyu:user:alice', 'miyu:user:alice ', 'miyu:user:', 'user:alice', 'miyu:user:al/ce', `miyu:user:${'a'.repeat(33)}`]) {
      expect(a.parseUserQr(bad)).toBeNull();
    }
    expect(a.myQrText()).toBe('miyu:user:');
  });
});

describe('engine', () => {
  it('registers (lower-cased), publishes keys and a backup, stores the session, goes online', async () => {
    const server = new FakeBackend();
    const steps: string[] = [];
    const a = app(server);
    await a.start();
    expect(a.phase.value).toBe('signed-out');
    const user = name('alice');
    const stop = a.progress.subscribe((p) => p && steps.push(p));
    await a.register(user.toUpperCase(), `${user}@example.org`, PASSWORD);
    stop();
    expect(a.phase.value).toBe('ready');
    expect(a.username.value).toBe(user);
    expect(a.progress.value).toBeNull();
    expect(steps).toEqual(expect.arrayContaining(['derive', 'keys', 'bundle', 'backup', 'publish']));
    expect(steps[0]).toBe('derive');
    expect(server.backups.get(user)?.version).toBe(1);
    expect(server.bundles.has(user)).toBe(true);
    expect((await loadSession())?.username).toBe(user);
    await until(() => a.connection.value === 'online', 'online');
    expect(a.myQrText()).toBe(`miyu:user:${user}`);
    // the local backup is the server's, with its version
    const db = await openDB(accountDbName(user));
    expect(await db.get('meta', 'backup')).toEqual(server.backups.get(user));
    db.close();
  });

  it('field errors: username taken, invalid email, wrong password', async () => {
    const server = new FakeBackend();
    const { user } = await registered(server, 'taken');
    const b = app(server);
    await b.start();
    const taken = await b.register(user, 'x@example.org', PASSWORD).catch((e) => e);
    expect(taken).toBeInstanceOf(ActionError);
    expect([taken.status, taken.field]).toEqual([409, 'username']);
    const email = await b.register(name('fresh'), 'not-an-email', PASSWORD).catch((e) => e);
    expect([email.status, email.field]).toEqual([400, 'email']);
    const badName = await b.register('a', 'a@example.org', PASSWORD).catch((e) => e);
    expect(badName.field).toBe('username');
    const wrong = await b.login(user, 'wrong password').catch((e) => e);
    expect([wrong.status, wrong.field]).toEqual([401, 'password']);
    expect(b.phase.value).not.toBe('ready');
  });

  it('two friends chat: pinned keys, receipts, unread, order, and no plaintext at the relay', async () => {
    const server = new FakeBackend();
    const alice = await registered(server, 'alice');
    const bob = await registered(server, 'bob');
    await befriend(alice, bob);
    await until(() => alice.app.friends.value.find((f) => f.username === bob.user)?.online === true, 'bob online');
    await until(() => alice.app.friends.value.find((f) => f.username === bob.user)?.trust.status === 'pinned', 'pinned');

    await alice.app.openConversation(bob.user);
    await alice.app.sendText(bob.user, 'hello <b>bob</b> 你好');
    expect(alice.app.messages.value[0].status).not.toBe('failed');
    await until(() => bob.app.conversations.value.some((c) => c.peer === alice.user && c.unread === 1), 'unread on bob');
    expect(bob.app.conversations.value[0].last?.content).toEqual({ kind: 'text', text: 'hello <b>bob</b> 你好' });
    await until(() => alice.app.messages.value[0]?.status === 'delivered', 'delivered');

    await bob.app.openConversation(alice.user);
    expect(bob.app.conversations.value[0].unread).toBe(0);
    expect(texts(bob.app.messages.value)).toEqual(['hello <b>bob</b> 你好']);
    await bob.app.sendText(alice.user, 'one');
    await bob.app.sendText(alice.user, 'two');
    await bob.app.sendText(alice.user, 'three');
    await until(() => alice.app.messages.value.length === 4, 'three replies');
    expect(texts(alice.app.messages.value)).toEqual(['hello <b>bob</b> 你好', 'one', 'two', 'three']);
    expect(alice.app.conversations.value[0].unread).toBe(0);
    await until(() => bob.app.messages.value.every((m) => m.status === 'delivered' || !m.outgoing), 'all delivered');

    // Search the frame's clear parts and the bytes behind every base64 field: base64 text itself is random
    // letters and may spell a short word like "two" by chance.
    for (const body of server.stored) {
      for (const part of clearParts(atob(body))) {
        for (const t of ['hello', 'one', 'two', 'three']) expect(part).not.toContain(t);
      }
    }
    const safetyA = await alice.app.safety(bob.user);
    const safetyB = await bob.app.safety(alice.user);
    expect(safetyA.digits).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(safetyA.digits).toBe(safetyB.digits);
    await alice.app.markVerified(bob.user);
    expect(alice.app.friends.value.find((f) => f.username === bob.user)?.trust.status).toBe('verified');
    expect((await alice.app.safety(bob.user)).verified).toBe(true);
  });

  it('messages sent while logged out arrive in order at the next login; history survives', async () => {
    const server = new FakeBackend();
    const alice = await registered(server, 'alice');
    const bob = await registered(server, 'bob');
    await befriend(alice, bob);
    await alice.app.sendText(bob.user, 'before');
    await until(() => alice.app.conversations.value[0]?.last?.status === 'delivered', 'first message delivered');

    await bob.app.logout();
    expect(bob.app.phase.value).toBe('signed-out');
    expect(bob.app.conversations.value).toEqual([]);
    await until(() => alice.app.friends.value.find((f) => f.username === bob.user)?.online === false, 'bob offline');

    await alice.app.openConversation(bob.user);
    for (const t of ['第一 one', '第二 two', '第三 three']) await alice.app.sendText(bob.user, t);
    await until(() => alice.app.messages.value.filter((m) => m.status === 'accepted').length === 3, 'accepted');

    await bob.app.login(bob.user, PASSWORD);
    await bob.app.openConversation(alice.user);
    await until(() => bob.app.messages.value.length === 4, 'queued messages');
    expect(texts(bob.app.messages.value)).toEqual(['before', '第一 one', '第二 two', '第三 three']);
    await until(() => alice.app.messages.value.filter((m) => m.status === 'delivered').length === 4, 'delivered');
  });

  it('a changed key blocks sending, holds envelopes under it, and is accepted explicitly', async () => {
    const server = new FakeBackend();
    const alice = await registered(server, 'alice');
    const bob = await registered(server, 'bob');
    await befriend(alice, bob);
    await alice.app.sendText(bob.user, 'hi');
    await until(() => bob.app.conversations.value.length === 1, 'hi');
    await alice.app.markVerified(bob.user);

    // someone publishes a new (valid) bundle for bob: a new device, or an attacker with his password
    const { kek } = await deriveKeys(bob.user, 'other', ITERATIONS);
    const { identity: evil } = await createIdentity(bob.user, kek);
    const token = [...server.access].find(([, u]) => u === bob.user)![0];
    await server.fetch('/api/keys/me', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify(evil.bundle),
    });
    const trust = () => alice.app.friends.value.find((f) => f.username === bob.user)!.trust;
    await until(() => trust().status === 'changed', 'changed');
    expect(trust().wasVerified).toBe(true);
    expect(trust().pendingFingerprint).toBe(evil.fingerprint);
    expect(alice.app.notice.value).toMatchObject({ key: 'keyChanged', args: { user: bob.user } });
    const refused = await alice.app.sendText(bob.user, 'blocked').catch((e) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect([refused.status, refused.detail]).toEqual([409, 'key-changed']);

    // an envelope under the new key waits, unacknowledged, until the change is accepted
    const held = await injectFrom(server, evil, alice.user, 'from the new key');
    // a negative check without a sleep: envelopes are processed one at a time in relay order, so once a later one (from
    // a sender without keys, refused and acknowledged) is gone from the queue, the held one has been looked at
    const strangerName = name('stranger');
    const { identity: stranger } = await createIdentity(strangerName, (await deriveKeys(strangerName, 'x', ITERATIONS)).kek);
    const later = await injectFrom(server, stranger, alice.user, 'from nobody');
    await until(() => !(server.queues.get(alice.user) ?? []).some((q) => q.id === later), 'the later envelope processed');
    expect(alice.app.conversations.value.find((c) => c.peer === bob.user)?.last?.content).toEqual({ kind: 'text', text: 'hi' });
    expect((server.queues.get(alice.user) ?? []).map((q) => q.id)).toContain(held);

    await alice.app.acceptKeyChange(bob.user);
    expect(trust()).toEqual({ status: 'pinned', fingerprint: evil.fingerprint });
    await until(() => alice.app.conversations.value[0]?.last?.content.kind === 'text' &&
      (alice.app.conversations.value[0].last!.content as { text: string }).text === 'from the new key', 'held message');
    await until(() => (server.queues.get(alice.user) ?? []).length === 0, 'acked');
    await alice.app.sendText(bob.user, 'after accepting');
  });

  it('delete friend wipes the history (keeps the pin); hide and un-hide', async () => {
    const server = new FakeBackend();
    const alice = await registered(server, 'alice');
    const bob = await registered(server, 'bob');
    const carol = await registered(server, 'carol');
    await befriend(alice, bob);
    await befriend(alice, carol);
    await bob.app.sendText(alice.user, 'soon forgotten');
    await carol.app.sendText(alice.user, 'from carol');
    await until(() => alice.app.conversations.value.length === 2, 'two chats');

    await alice.app.hideConversation(carol.user);
    expect(alice.app.conversations.value.map((c) => c.peer)).toEqual([bob.user]);
    await carol.app.sendText(alice.user, 'back again');
    await until(() => alice.app.conversations.value.length === 2, 'un-hidden');

    await alice.app.openConversation(bob.user);
    await alice.app.deleteFriend(bob.user);
    expect(alice.app.friends.value.some((f) => f.username === bob.user)).toBe(false);
    expect(alice.app.conversations.value.map((c) => c.peer)).toEqual([carol.user]);
    expect(alice.app.activePeer.value).toBeNull();
    await until(() => !bob.app.friends.value.some((f) => f.username === alice.user), 'bob sees it');
    const db = await openDB(accountDbName(alice.user));
    const peers = ((await db.getAll('messages')) as { peer: string }[]).map((r) => r.peer);
    expect(peers).not.toContain(bob.user);
    expect(await db.get('pins', bob.user)).toBeTruthy();
    db.close();

    await alice.app.deleteHistory(carol.user);
    expect(alice.app.conversations.value).toEqual([]);
  });

  it('a rejected send fails; retry sends the same id again', async () => {
    const server = new FakeBackend();
    const alice = await registered(server, 'alice');
    const bob = await registered(server, 'bob');
    await befriend(alice, bob);
    const pair = [...server.friendships][0];
    server.friendships.delete(pair);
    await alice.app.openConversation(bob.user);
    // the relay's 'not-friends' is retried after 1, 2 and 4 s (the friend list still says friends): on a fake clock
    // that also runs with real time, and each check moves it on by another 250 ms
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    await alice.app.sendText(bob.user, 'retry me');
    await until(() => alice.app.messages.value[0]?.status === 'failed', 'failed', { interval: 250 });
    expect(alice.app.notice.value).toMatchObject({ kind: 'error', key: 'notFriends' });
    const id = alice.app.messages.value[0].id;
    server.friendships.add(pair);
    await alice.app.retry(bob.user, id);
    await until(() => alice.app.messages.value[0]?.status === 'delivered', 'delivered after retry');
    expect(alice.app.messages.value.map((m) => m.id)).toEqual([id]);
    await bob.app.openConversation(alice.user);
    expect(texts(bob.app.messages.value)).toEqual(['retry me']);
  });

  it('lock drops the decrypted state; unlock needs the right password; a reload resumes into locked', async () => {
    const server = new FakeBackend();
    const alice = await registered(server, 'alice');
    const bob = await registered(server, 'bob');
    await befriend(alice, bob);
    await bob.app.sendText(alice.user, 'kept encrypted');
    await until(() => alice.app.conversations.value.length === 1, 'message');

    alice.app.lock();
    expect(alice.app.phase.value).toBe('locked');
    expect(alice.app.username.value).toBe(alice.user);
    expect(alice.app.conversations.value).toEqual([]);
    expect(alice.app.messages.value).toEqual([]);
    expect(alice.app.connection.value).toBe('offline');
    const wrong = await alice.app.unlock('nope').catch((e) => e);
    expect([wrong.status, wrong.field]).toEqual([401, 'password']);
    expect(alice.app.phase.value).toBe('locked');

    await bob.app.sendText(alice.user, 'while locked');
    await alice.app.unlock(PASSWORD);
    expect(alice.app.phase.value).toBe('ready');
    await alice.app.openConversation(bob.user);
    await until(() => alice.app.messages.value.length === 2, 'queued while locked');
    expect(texts(alice.app.messages.value)).toEqual(['kept encrypted', 'while locked']);

    // a reload: a new engine finds the stored session
    alice.app.lock();
    await closeGlobal();
    const reloaded = app(server);
    await reloaded.start();
    expect(reloaded.phase.value).toBe('locked');
    const who = reloaded.username.value!;
    expect([alice.user, bob.user]).toContain(who);
  });

  it('locks itself after the idle time without touch()', async () => {
    const server = new FakeBackend();
    // touches 100 ms apart keep a 2 s idle timer from firing; 2.5 s without one locks
    // the idle check is an interval reading Date.now(): both on the fake clock, so only the test moves time
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { app: a } = await registered(server, 'idle', { idleMs: 2000 });
    for (let i = 0; i < 6; i++) {
      vi.advanceTimersByTime(100);
      a.touch();
    }
    expect(a.phase.value).toBe('ready');
    vi.advanceTimersByTime(2500);
    expect(a.phase.value).toBe('locked');
  });

  it('call signals are routed both ways and not stored', async () => {
    const server = new FakeBackend();
    const alice = await registered(server, 'alice');
    const bob = await registered(server, 'bob');
    await befriend(alice, bob);
    const got: [string, unknown][] = [];
    bob.app.onCallSignal = (peer, signal) => got.push([peer, signal]);
    await alice.app.sendCallSignal(bob.user, { t: 'call', kind: 'offer', callId: 'c1', sdp: 'v=0' });
    await until(() => got.length === 1, 'signal');
    expect(got[0]).toEqual([alice.user, { t: 'call', kind: 'offer', callId: 'c1', sdp: 'v=0' }]);
    expect(bob.app.conversations.value).toEqual([]);
  });

  it('logout tells presence and auth, clears the session, keeps the encrypted history', async () => {
    const server = new FakeBackend();
    const alice = await registered(server, 'alice');
    await alice.app.logout();
    expect(server.calls).toEqual(expect.arrayContaining(['POST /api/presence/offline', 'POST /api/auth/logout']));
    expect(await loadSession()).toBeNull();
    expect(alice.app.phase.value).toBe('signed-out');
    expect(alice.app.username.value).toBeNull();
    const db = await openDB(accountDbName(alice.user));
    expect(await db.get('meta', 'backup')).toBeTruthy();
    db.close();
  });
});

/** Puts an envelope sealed by `from` (an identity) into the relay queue for `to`, as the relay would. */
async function injectFrom(server: FakeBackend, from: Identity, to: string, text: string): Promise<string> {
  const bundle = server.bundles.get(to)!;
  const peer = await importPeer(to, bundle);
  const session = await createSession(from, peer);
  const id = randomId();
  const env = await seal(from, session, id, utf8(JSON.stringify({ t: 'text', text })));
  const body = encodeEnvelope(env);
  const seq = (server.seqs.get(to) ?? 0) + 1;
  server.seqs.set(to, seq);
  server.queues.set(to, [...(server.queues.get(to) ?? []), { id, from: from.username, to, seq, sentAt: new Date().toISOString(), body }]);
  server.pump(to);
  return id;
}
