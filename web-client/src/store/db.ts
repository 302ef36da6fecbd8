/**
 * Local storage in IndexedDB (through `idb`).
 *
 * Global database "miyu": the current account's name and refresh token, so that a reload resumes into 'locked'.
 *
 * One database per account, "miyu-<username>":
 * - meta: the encrypted key backup blob with its server version; the non-extractable AES-GCM cache key (a CryptoKey
 *   stored as is, by structured clone — it can be used, never read out); the Receiver's replay state.
 * - pins: per friend, the pinned key bundle, its fingerprint and whether the safety number was verified.
 * - messages: the message cache, at most {@link MESSAGES_PER_CONVERSATION} per conversation. What a record keeps in
 *   clear is only what IndexedDB needs to index it: `id` (the key; to drop duplicates), `peer` (which conversation:
 *   to list, trim and wipe it) and `ord` (a local, increasing number: the order the messages appeared here, to list
 *   and trim). Everything else — content, direction, time, status — is sealed with the cache key (crypto.sealJson).
 * - conversations: per conversation `hidden` and `unread`, in clear (metadata the list needs without unlocking).
 *
 * Private keys are never stored: the backup blob is encrypted under the password-derived kek, and the identity lives
 * in memory only.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ChatMessage } from '../common/message';
import { createCacheKey, openJson, sealJson, type KeyBundle, type ReplayState } from '../crypto';

export const GLOBAL_DB = 'miyu';
export const MESSAGES_PER_CONVERSATION = 500;
export const accountDbName = (username: string) => `miyu-${username}`;

export interface StoredSession {
  username: string;
  refreshToken: string;
}

interface GlobalSchema extends DBSchema {
  session: { key: string; value: StoredSession };
}

export interface StoredBackup {
  blob: string;
  version: number;
}

export interface Pin {
  peer: string;
  fingerprint: string;
  bundle: KeyBundle;
  verified: boolean;
}

export interface ConversationMeta {
  peer: string;
  hidden: boolean;
  unread: number;
}

export interface Sealed {
  iv: Uint8Array;
  ct: ArrayBuffer;
}

/** A cached message as stored: the index fields in clear, the rest sealed. */
export interface MessageRecord {
  id: string;
  peer: string;
  ord: number;
  sealed: Sealed;
}

/** The sealed part of a record. */
type MessageBody = Omit<ChatMessage, 'id' | 'peer'>;

interface AccountSchema extends DBSchema {
  meta: { key: string; value: unknown };
  pins: { key: string; value: Pin };
  messages: { key: string; value: MessageRecord; indexes: { byPeer: [string, number] } };
  conversations: { key: string; value: ConversationMeta };
}

// --- global -----------------------------------------------------------------------------------------------------------

let globalDb: Promise<IDBPDatabase<GlobalSchema>> | null = null;

function openGlobal(): Promise<IDBPDatabase<GlobalSchema>> {
  globalDb ??= openDB<GlobalSchema>(GLOBAL_DB, 1, {
    upgrade(db) {
      db.createObjectStore('session');
    },
  });
  return globalDb;
}

export async function loadSession(): Promise<StoredSession | null> {
  const db = await openGlobal();
  const s = await db.get('session', 'current');
  return s && typeof s.username === 'string' && typeof s.refreshToken === 'string' ? s : null;
}

export async function saveSession(session: StoredSession): Promise<void> {
  const db = await openGlobal();
  await db.put('session', { username: session.username, refreshToken: session.refreshToken }, 'current');
}

export async function clearSession(): Promise<void> {
  const db = await openGlobal();
  await db.delete('session', 'current');
}

/** Closes the global database (tests). */
export async function closeGlobal(): Promise<void> {
  if (globalDb) (await globalDb).close();
  globalDb = null;
}

// --- per account --------------------------------------------------------------------------------------------------------

/** In IndexedDB key order an array sorts after every number: [peer, upperBound] is past all of a peer's [peer, ord]. */
const upperBound = [Number.MAX_SAFE_INTEGER];

export class AccountStore {
  private lastOrd = 0;

  private constructor(
    readonly username: string,
    private readonly db: IDBPDatabase<AccountSchema>,
  ) {}

  static async open(username: string): Promise<AccountStore> {
    const db = await openDB<AccountSchema>(accountDbName(username), 1, {
      upgrade(db) {
        db.createObjectStore('meta');
        db.createObjectStore('pins', { keyPath: 'peer' });
        const messages = db.createObjectStore('messages', { keyPath: 'id' });
        messages.createIndex('byPeer', ['peer', 'ord']);
        db.createObjectStore('conversations', { keyPath: 'peer' });
      },
    });
    const store = new AccountStore(username, db);
    store.lastOrd = await store.maxOrd();
    return store;
  }

  close(): void {
    this.db.close();
  }

  /** The largest ord in use (keys only), so that the order survives a clock that went back. */
  private async maxOrd(): Promise<number> {
    let max = 0;
    let cursor = await this.db.transaction('messages').store.index('byPeer').openKeyCursor();
    while (cursor) {
      if (cursor.key[1] > max) max = cursor.key[1];
      cursor = await cursor.continue();
    }
    return max;
  }

  private nextOrd(): number {
    this.lastOrd = Math.max(this.lastOrd + 1, Date.now());
    return this.lastOrd;
  }

  // --- meta -----------------------------------------------------------------------------------------------------------

  async getBackup(): Promise<StoredBackup | null> {
    const b = (await this.db.get('meta', 'backup')) as StoredBackup | undefined;
    return b && typeof b.blob === 'string' && typeof b.version === 'number' ? b : null;
  }

  async putBackup(backup: StoredBackup): Promise<void> {
    await this.db.put('meta', { blob: backup.blob, version: backup.version }, 'backup');
  }

  /** The cache key, made (non-extractable) the first time. */
  async cacheKey(): Promise<CryptoKey> {
    const existing = (await this.db.get('meta', 'cacheKey')) as CryptoKey | undefined;
    if (existing) return existing;
    const key = await createCacheKey();
    const tx = this.db.transaction('meta', 'readwrite');
    const raced = (await tx.store.get('cacheKey')) as CryptoKey | undefined;
    if (raced) {
      await tx.done;
      return raced;
    }
    await tx.store.put(key, 'cacheKey');
    await tx.done;
    return key;
  }

  async getReplay(): Promise<ReplayState | undefined> {
    const r = (await this.db.get('meta', 'replay')) as ReplayState | undefined;
    return r && typeof r === 'object' && r.counters && Array.isArray(r.seen) ? r : undefined;
  }

  async putReplay(state: ReplayState): Promise<void> {
    await this.db.put('meta', state, 'replay');
  }

  // --- pins -----------------------------------------------------------------------------------------------------------

  async getPins(): Promise<Pin[]> {
    return this.db.getAll('pins');
  }

  async getPin(peer: string): Promise<Pin | undefined> {
    return this.db.get('pins', peer);
  }

  async putPin(pin: Pin): Promise<void> {
    const { encPublicKey, signPublicKey, bundleSignature } = pin.bundle;
    await this.db.put('pins', {
      peer: pin.peer,
      fingerprint: pin.fingerprint,
      bundle: { encPublicKey, signPublicKey, bundleSignature },
      verified: pin.verified,
    });
  }

  async deletePin(peer: string): Promise<void> {
    await this.db.delete('pins', peer);
  }

  // --- messages -------------------------------------------------------------------------------------------------------

  /**
   * Adds or replaces a message (sealed under `key`); a replaced message keeps its place. Then trims the conversation
   * to its newest {@link MESSAGES_PER_CONVERSATION}.
   */
  async putMessage(key: CryptoKey, message: ChatMessage): Promise<void> {
    const body: MessageBody = { outgoing: message.outgoing, at: message.at, status: message.status, content: message.content };
    const sealed = await sealJson(key, body);
    // sealing first: an await on anything but the transaction itself would end it
    const tx = this.db.transaction('messages', 'readwrite');
    const existing = await tx.store.get(message.id);
    if (existing && existing.peer !== message.peer) {
      await tx.done;
      return;
    }
    const ord = existing ? existing.ord : this.nextOrd();
    await tx.store.put({ id: message.id, peer: message.peer, ord, sealed: { iv: sealed.iv, ct: sealed.ct } });
    const range = IDBKeyRange.bound([message.peer], [message.peer, upperBound]);
    let excess = (await tx.store.index('byPeer').count(range)) - MESSAGES_PER_CONVERSATION;
    if (excess > 0) {
      let cursor = await tx.store.index('byPeer').openCursor(range);
      while (cursor && excess > 0) {
        await cursor.delete();
        excess--;
        cursor = await cursor.continue();
      }
    }
    await tx.done;
  }

  async hasMessage(id: string): Promise<boolean> {
    return (await this.db.getKey('messages', id)) !== undefined;
  }

  async getMessage(key: CryptoKey, id: string): Promise<ChatMessage | null> {
    const record = await this.db.get('messages', id);
    return record ? this.open(key, record) : null;
  }

  /** A conversation's cached messages, oldest first (records that do not open are skipped). */
  async loadMessages(key: CryptoKey, peer: string): Promise<ChatMessage[]> {
    const records = await this.db.getAllFromIndex('messages', 'byPeer', IDBKeyRange.bound([peer], [peer, upperBound]));
    const opened = await Promise.all(records.map((r) => this.open(key, r)));
    return opened.filter((m): m is ChatMessage => m !== null);
  }

  /** The newest cached message of a conversation. */
  async lastMessage(key: CryptoKey, peer: string): Promise<ChatMessage | null> {
    const cursor = await this.db
      .transaction('messages')
      .store.index('byPeer')
      .openCursor(IDBKeyRange.bound([peer], [peer, upperBound]), 'prev');
    return cursor ? this.open(key, cursor.value) : null;
  }

  /** Peers that have cached messages. */
  async messagePeers(): Promise<string[]> {
    const peers = new Set<string>();
    let cursor = await this.db.transaction('messages').store.index('byPeer').openKeyCursor(null, 'nextunique');
    while (cursor) {
      const [peer] = cursor.key;
      peers.add(peer);
      cursor = await cursor.continue([peer, upperBound] as unknown as [string, number]);
    }
    return [...peers];
  }

  private async open(key: CryptoKey, record: MessageRecord): Promise<ChatMessage | null> {
    try {
      const body = await openJson<MessageBody>(key, record.sealed);
      return { id: record.id, peer: record.peer, ...body };
    } catch {
      return null;
    }
  }

  // --- conversations --------------------------------------------------------------------------------------------------

  async getConversations(): Promise<ConversationMeta[]> {
    return this.db.getAll('conversations');
  }

  async getConversation(peer: string): Promise<ConversationMeta | undefined> {
    return this.db.get('conversations', peer);
  }

  async putConversation(meta: ConversationMeta): Promise<void> {
    await this.db.put('conversations', { peer: meta.peer, hidden: meta.hidden, unread: meta.unread });
  }

  /** Wipes a conversation: every cached message with the peer and its metadata. */
  async wipeConversation(peer: string): Promise<void> {
    const tx = this.db.transaction(['messages', 'conversations'], 'readwrite');
    const messages = tx.objectStore('messages');
    let cursor = await messages.index('byPeer').openKeyCursor(IDBKeyRange.bound([peer], [peer, upperBound]));
    while (cursor) {
      await messages.delete(cursor.primaryKey);
      cursor = await cursor.continue();
    }
    await tx.objectStore('conversations').delete(peer);
    await tx.done;
  }
}
