import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../app/model';
import {
  accountDbName,
  AccountStore,
  clearSession,
  closeGlobal,
  loadSession,
  MESSAGES_PER_CONVERSATION,
  saveSession,
  type MessageRecord,
} from './db';

let n = 0;
const fresh = () => `user${++n}_${Math.random().toString(36).slice(2, 8)}`;
const opened: AccountStore[] = [];
async function open(name: string): Promise<AccountStore> {
  const s = await AccountStore.open(name);
  opened.push(s);
  return s;
}
afterEach(async () => {
  for (const s of opened.splice(0)) s.close();
  await closeGlobal();
});

function text(id: string, peer: string, body: string, at = Date.now()): ChatMessage {
  return { id, peer, outgoing: false, at, status: 'received', content: { kind: 'text', text: body } };
}

describe('global session', () => {
  it('keeps the current account and its refresh token until cleared', async () => {
    expect(await loadSession()).toBeNull();
    await saveSession({ username: 'alice', refreshToken: 'r1' });
    await closeGlobal();
    expect(await loadSession()).toEqual({ username: 'alice', refreshToken: 'r1' });
    await clearSession();
    expect(await loadSession()).toBeNull();
  });
});

describe('account store', () => {
  it('keeps the backup, a non-extractable cache key, pins and the replay state', async () => {
    const name = fresh();
    let store = await open(name);
    expect(await store.getBackup()).toBeNull();
    await store.putBackup({ blob: 'QUJD', version: 1 });
    const key = await store.cacheKey();
    expect(key.extractable).toBe(false);
    await store.putPin({
      peer: 'bob',
      fingerprint: 'ab'.repeat(32),
      bundle: { encPublicKey: 'e', signPublicKey: 's', bundleSignature: 'g' },
      verified: false,
    });
    await store.putReplay({ counters: { 'bob\nsid': 3 }, seen: ['x'] });
    store.close();

    store = await open(name);
    expect(await store.getBackup()).toEqual({ blob: 'QUJD', version: 1 });
    const again = await store.cacheKey();
    // the same key object comes back: what it sealed before still opens
    const msg = text('m1', 'bob', 'hello');
    await store.putMessage(key, msg);
    expect(await store.getMessage(again, 'm1')).toEqual(msg);
    expect((await store.getPin('bob'))?.fingerprint).toBe('ab'.repeat(32));
    expect(await store.getReplay()).toEqual({ counters: { 'bob\nsid': 3 }, seen: ['x'] });
  });

  it('keeps only the newest 500 messages per conversation, in order', async () => {
    const store = await open(fresh());
    const key = await store.cacheKey();
    const total = MESSAGES_PER_CONVERSATION + 20;
    for (let i = 0; i < total; i++) await store.putMessage(key, text(`b${i}`, 'bob', `to bob ${i}`, 1000 + i));
    for (let i = 0; i < 5; i++) await store.putMessage(key, text(`c${i}`, 'carol', `to carol ${i}`, 1000 + i));

    const bob = await store.loadMessages(key, 'bob');
    expect(bob).toHaveLength(MESSAGES_PER_CONVERSATION);
    expect(bob[0].id).toBe('b20');
    expect(bob.at(-1)!.id).toBe(`b${total - 1}`);
    expect(bob.map((m) => (m.content as { text: string }).text)).toEqual(
      Array.from({ length: MESSAGES_PER_CONVERSATION }, (_, i) => `to bob ${i + 20}`),
    );
    expect(await store.loadMessages(key, 'carol')).toHaveLength(5);
    expect(await store.hasMessage('b0')).toBe(false);
    expect(await store.hasMessage('b20')).toBe(true);
    expect((await store.lastMessage(key, 'bob'))!.id).toBe(`b${total - 1}`);
    expect((await store.messagePeers()).sort()).toEqual(['bob', 'carol']);
  });

  it('a replaced message (a status update) keeps its place', async () => {
    const store = await open(fresh());
    const key = await store.cacheKey();
    const first: ChatMessage = { ...text('a', 'bob', 'one'), outgoing: true, status: 'sending' };
    await store.putMessage(key, first);
    await store.putMessage(key, text('b', 'bob', 'two'));
    await store.putMessage(key, { ...first, status: 'delivered' });
    const list = await store.loadMessages(key, 'bob');
    expect(list.map((m) => [m.id, m.status])).toEqual([
      ['a', 'delivered'],
      ['b', 'received'],
    ]);
  });

  it('wiping a conversation removes its messages and metadata only', async () => {
    const store = await open(fresh());
    const key = await store.cacheKey();
    for (let i = 0; i < 10; i++) await store.putMessage(key, text(`b${i}`, 'bob', `x${i}`));
    await store.putMessage(key, text('c0', 'carol', 'stays'));
    await store.putConversation({ peer: 'bob', hidden: true, unread: 4 });
    await store.putConversation({ peer: 'carol', hidden: false, unread: 1 });

    await store.wipeConversation('bob');
    expect(await store.loadMessages(key, 'bob')).toEqual([]);
    expect(await store.getConversation('bob')).toBeUndefined();
    expect(await store.loadMessages(key, 'carol')).toHaveLength(1);
    expect(await store.getConversations()).toEqual([{ peer: 'carol', hidden: false, unread: 1 }]);
    expect(await store.messagePeers()).toEqual(['carol']);
  });

  it('stores no plaintext: records hold only id, peer and order in clear', async () => {
    const name = fresh();
    const store = await open(name);
    const key = await store.cacheKey();
    const secret = 'the-secret-plan-42 密语';
    await store.putMessage(key, { ...text('m1', 'bob', secret, 1234567), outgoing: true, status: 'accepted' });

    const raw = await openDB(accountDbName(name));
    const records = (await raw.getAll('messages')) as MessageRecord[];
    raw.close();
    expect(records).toHaveLength(1);
    const record = records[0];
    expect(Object.keys(record).sort()).toEqual(['id', 'ord', 'peer', 'sealed']);
    const bytes = new Uint8Array(record.sealed.ct);
    const haystack = Buffer.from(bytes).toString('latin1');
    for (const needle of [secret, 'the-secret-plan', 'accepted', '1234567', '"text"']) {
      expect(haystack.includes(Buffer.from(needle, 'utf8').toString('latin1'))).toBe(false);
    }
    expect(JSON.stringify(record)).not.toContain('secret');
    // and it opens with the key
    expect((await store.getMessage(key, 'm1'))!.content).toEqual({ kind: 'text', text: secret });
  });

  it('a record sealed under another key is skipped, not shown', async () => {
    const store = await open(fresh());
    const key = await store.cacheKey();
    await store.putMessage(key, text('m1', 'bob', 'hi'));
    const other = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    expect(await store.loadMessages(other, 'bob')).toEqual([]);
  });
});
