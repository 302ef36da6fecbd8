/**
 * The headless engine behind the UI: implements the ChatApp contract (model.ts) with src/net (HTTP, relay socket),
 * src/store (IndexedDB) and src/crypto (all cryptography).
 *
 * Secrets: the password-derived keys and the identity's private keys live in memory only, inside the `Unlocked`
 * context, and are dropped by lock()/logout(). Nothing here logs tokens, passwords, keys or message content — warnings
 * name a reason code at most. Every string from the network is data for the UI to render as text.
 */
import { batch, computed, signal } from '@preact/signals';
import {
  createIdentity,
  createSession,
  decodeEnvelope,
  deriveKeys,
  encodeEnvelope,
  fromUtf8,
  importPeer,
  needsRotation,
  openIdentity,
  randomId,
  Receiver,
  RejectedEnvelopeError,
  safetyNumber,
  safetyQrText,
  seal,
  toBase64,
  utf8,
  WrongPasswordError,
  type Identity,
  type KeyBundle,
  type OutboundSession,
  type PeerKeys,
} from '../crypto';
import { Api, statusOf, type KeyBundleView } from '../net/api';
import { RelayClient, type ServerFrame, type SocketFactory } from '../net/relay';
import {
  AccountStore,
  clearSession,
  loadSession,
  saveSession,
  type ConversationMeta,
  type Pin,
  type StoredBackup,
} from '../store/db';
import {
  ActionError,
  type ChatApp,
  type ChatMessage,
  type Connection,
  type Conversation,
  type Friend,
  type FriendRequest,
  type MediaContent,
  type MessageContent,
  type MessageStatus,
  type Notice,
  type Phase,
  type SafetyInfo,
  type Trust,
  type UserHit,
} from './model';
import {
  contentPayload,
  MAX_PAYLOAD_BYTES,
  MAX_RECEIPT_IDS,
  mediaContent,
  parsePayload,
  parseUserQrText,
  payloadContent,
  userQrText,
  USERNAME_RE,
  type Payload,
} from './payload';

export interface AppOptions {
  /** API origin; '' (same origin) in the browser */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** WebSocket factory (tests, Node) */
  socket?: SocketFactory;
  /** relay URL for a ticket (default: the page's origin) */
  relayUrl?: (ticket: string) => string;
  /** PBKDF2 iterations (tests only; the server cannot tell, but other browsers would derive other keys) */
  iterations?: number;
  /** idle time before lock() (15 min) */
  idleMs?: number;
  heartbeatMs?: number;
  /** relay send timeout (30 s) */
  sendTimeoutMs?: number;
}

/** The app with its optional call-signalling members present. */
export type Engine = ChatApp & Required<Pick<ChatApp, 'sendCallSignal'>>;

const IDLE_MS = 15 * 60 * 1000;
const HEARTBEAT_MS = 20_000;
const RECEIPT_DELAY_MS = 200;
const REPLAY_SAVE_MS = 500;
/** relay rejections worth another try (a fresh seal, the same id) */
const TRANSIENT = new Set(['rate-limited', 'unavailable', 'queue-full']);
const MAX_TRANSIENT_RETRIES = 3;

type Deliver = Extract<ServerFrame, { type: 'deliver' }>;

interface FriendEntry {
  username: string;
  online: boolean;
  lastActive: string | null;
}

interface ConvState {
  peer: string;
  last: ChatMessage | null;
  unread: number;
  hidden: boolean;
  /** sort key: the last message's time, or when the conversation was opened */
  updated: number;
}

interface PendingSend {
  peer: string;
  payload: Payload;
  /** a shown message (its status follows the relay), not a receipt or call signal */
  message: boolean;
  attempts: number;
}

/** Everything that exists only while the keys are open. */
interface Unlocked {
  alive: boolean;
  username: string;
  identity: Identity;
  receiver: Receiver;
  store: AccountStore;
  cacheKey: CryptoKey;
  relay: RelayClient;
  /** imported pinned keys */
  peerKeys: Map<string, PeerKeys>;
  peerLoads: Map<string, Promise<PeerKeys>>;
  keyChecks: Map<string, Promise<void>>;
  /** a friend's new, not yet accepted keys */
  changedKeys: Map<string, PeerKeys>;
  /** envelopes under a changed key, unacknowledged until the change is accepted */
  held: Map<string, Deliver[]>;
  outbound: Map<string, OutboundSession>;
  sends: Map<string, PendingSend>;
  /** ids of envelopes processed on this unlock (receipts and call signals are not in the cache) */
  processed: Set<string>;
  receipts: Map<string, string[]>;
  receiptTimer: ReturnType<typeof setTimeout> | null;
  /** the replay state changed and is written shortly (not once per message: it holds thousands of ids) */
  replayTimer: ReturnType<typeof setTimeout> | null;
  timers: ReturnType<typeof setInterval>[];
  /** serial queues: inbound envelopes in relay order; seal+send in counter order; message writes in order */
  inq: Promise<void>;
  outq: Promise<void>;
  io: Promise<void>;
}

const STATUS_RANK: Record<MessageStatus, number> = { sending: 0, failed: 0, accepted: 1, delivered: 2, received: 0 };

/** Whether an outgoing message may go from one status to another (never backwards). */
function canMove(from: MessageStatus, to: MessageStatus): boolean {
  if (from === to || from === 'received') return false;
  if (to === 'sending') return from === 'failed';
  if (to === 'failed') return from === 'sending';
  return STATUS_RANK[to] > STATUS_RANK[from];
}

function bundleOf(view: KeyBundle): KeyBundle {
  return { encPublicKey: view.encPublicKey, signPublicKey: view.signPublicKey, bundleSignature: view.bundleSignature };
}

function warn(what: string): void {
  console.warn(`miyu: ${what}`);
}

function queue(chain: Promise<void>, task: () => Promise<void>): { run: Promise<void>; next: Promise<void> } {
  const run = chain.then(task);
  return { run, next: run.catch(() => undefined) };
}

class App implements Engine {
  private readonly _phase = signal<Phase>('starting');
  private readonly _username = signal<string | null>(null);
  private readonly _connection = signal<Connection>('offline');
  private readonly _progress = signal<string | null>(null);
  private readonly friendList = signal<FriendEntry[]>([]);
  private readonly pins = signal<ReadonlyMap<string, Pin>>(new Map());
  private readonly changed = signal<ReadonlyMap<string, string>>(new Map());
  private readonly _requests = signal<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }>({ incoming: [], outgoing: [] });
  private readonly convs = signal<ReadonlyMap<string, ConvState>>(new Map());
  private readonly _messages = signal<ChatMessage[]>([]);
  private readonly _activePeer = signal<string | null>(null);
  private readonly _notice = signal<Notice | null>(null);

  readonly phase = computed(() => this._phase.value);
  readonly username = computed(() => this._username.value);
  readonly connection = computed(() => this._connection.value);
  readonly progress = computed(() => this._progress.value);
  readonly requests = computed(() => this._requests.value);
  readonly messages = computed(() => this._messages.value);
  readonly activePeer = computed(() => this._activePeer.value);
  readonly notice = computed(() => this._notice.value);
  readonly friends = computed<Friend[]>(() => {
    const pins = this.pins.value;
    const changed = this.changed.value;
    return this.friendList.value.map((f) => ({ ...f, trust: trustOf(pins.get(f.username), changed.get(f.username)) }));
  });
  readonly conversations = computed<Conversation[]>(() =>
    [...this.convs.value.values()]
      .filter((c) => !c.hidden)
      .sort((a, b) => b.updated - a.updated || a.peer.localeCompare(b.peer))
      .map((c) => ({ peer: c.peer, last: c.last, unread: c.unread, hidden: c.hidden })),
  );

  onCallSignal?: (peer: string, signal: unknown) => void;

  private readonly api: Api;
  private ctx: Unlocked | null = null;
  /** a session (refresh token) is stored in IndexedDB and rotated tokens must be written there */
  private sessionStored = false;
  private lastTouch = Date.now();
  private busy = false;

  constructor(private readonly opts: AppOptions = {}) {
    this.api = new Api({
      baseUrl: opts.baseUrl,
      fetch: opts.fetch,
      onTokens: (tokens) => {
        const username = this._username.value;
        if (this.sessionStored && username) {
          saveSession({ username, refreshToken: tokens.refreshToken }).catch(() => warn('could not store the session'));
        }
      },
      onSessionLost: () => {
        // only while ready: in 'locked', unlock() falls back to a full login
        if (this._phase.value === 'ready' && this.ctx) void this.endSession({ kind: 'error', key: 'sessionExpired' });
      },
      sharedSession: {
        // Web Locks serialise refreshes across this browser's tabs (absent in Node: one engine, nothing to share)
        exclusive: (work) =>
          typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request('miyu-refresh', work) : work(),
        latest: async () => {
          const stored = this.sessionStored ? await loadSession().catch(() => null) : null;
          return stored && stored.username === this._username.value ? stored.refreshToken : null;
        },
        store: async (refreshToken) => {
          const username = this._username.value;
          if (this.sessionStored && username) await saveSession({ username, refreshToken });
        },
      },
    });
  }

  // --- session ------------------------------------------------------------------------------------------------------

  async start(): Promise<void> {
    let session = null;
    try {
      session = await loadSession();
    } catch {
      warn('could not read the stored session');
    }
    if (this._phase.value !== 'starting') return;
    if (session) {
      this.api.setRefreshToken(session.refreshToken);
      this.sessionStored = true;
      batch(() => {
        this._username.value = session.username;
        this._phase.value = 'locked';
      });
    } else {
      this._phase.value = 'signed-out';
    }
  }

  async register(username: string, email: string, password: string): Promise<void> {
    const name = normalizeUsername(username);
    await this.exclusive(async () => {
      this._progress.value = 'derive';
      const derived = await deriveKeys(name, password, this.opts.iterations);
      const authSecret = toBase64(derived.authSecret);
      try {
        await this.api.register(name, email.trim(), authSecret);
      } catch (e) {
        if (e instanceof ActionError && e.status === 409 && !e.field) throw new ActionError(409, e.detail, 'username');
        throw e;
      }
      await this.loginRequest(name, authSecret);
      const store = await AccountStore.open(name);
      try {
        const identity = await this.makeIdentity(name, derived.kek, store);
        await this.enter(name, identity, store);
      } catch (e) {
        store.close();
        throw e;
      }
    });
  }

  async login(username: string, password: string): Promise<void> {
    const name = normalizeUsername(username);
    await this.exclusive(async () => {
      this._progress.value = 'derive';
      const derived = await deriveKeys(name, password, this.opts.iterations);
      await this.loginRequest(name, toBase64(derived.authSecret));
      await this.openAccount(name, derived.kek);
    });
  }

  async unlock(password: string): Promise<void> {
    const name = this._username.value;
    if (this._phase.value !== 'locked' || !name) throw new ActionError(409, 'not-locked');
    await this.exclusive(async () => {
      this._progress.value = 'derive';
      const derived = await deriveKeys(name, password, this.opts.iterations);
      try {
        await this.api.accessToken();
      } catch (e) {
        if (statusOf(e) !== 401) throw e;
        // the stored session is gone: the password logs in again
        await this.loginRequest(name, toBase64(derived.authSecret));
      }
      await this.openAccount(name, derived.kek);
    });
  }

  lock(): void {
    if (this._phase.value !== 'ready') return;
    this.teardown();
    batch(() => {
      this.clearState();
      this._phase.value = 'locked';
    });
  }

  async logout(): Promise<void> {
    this.teardown();
    this.sessionStored = false;
    try {
      if (this.api.hasSession) await this.api.offline();
    } catch {
      /* best effort */
    }
    try {
      await this.api.logout();
    } catch {
      /* best effort */
    }
    this.api.clearTokens();
    try {
      await clearSession();
    } catch {
      warn('could not clear the stored session');
    }
    batch(() => {
      this.clearState();
      this._username.value = null;
      this._phase.value = 'signed-out';
    });
  }

  touch(): void {
    this.lastTouch = Date.now();
  }

  reconnect(): void {
    this.ctx?.relay.takeOver();
  }

  dismissNotice(): void {
    this._notice.value = null;
  }

  accessToken(): Promise<string> {
    return this.api.accessToken();
  }

  myQrText(): string {
    return userQrText(this._username.value ?? '');
  }

  parseUserQr(text: string): string | null {
    return parseUserQrText(text);
  }

  /** One slow session action at a time; progress is cleared afterwards. */
  private async exclusive(task: () => Promise<void>): Promise<void> {
    if (this.busy) throw new ActionError(409, 'busy');
    if (this._phase.value === 'ready') throw new ActionError(409, 'already signed in');
    this.busy = true;
    try {
      await task();
    } finally {
      this.busy = false;
      this._progress.value = null;
    }
  }

  private async loginRequest(name: string, authSecret: string): Promise<void> {
    try {
      await this.api.login(name, authSecret);
    } catch (e) {
      if (e instanceof ActionError && e.status === 401) throw new ActionError(401, e.detail, 'password');
      throw e;
    }
  }

  /** Makes keys for an account that has none yet (registration, or one that stopped before its backup). */
  private async makeIdentity(name: string, kek: CryptoKey, store: AccountStore): Promise<Identity> {
    this._progress.value = 'keys';
    const { identity, backup } = await createIdentity(name, kek, (step) => (this._progress.value = step));
    this._progress.value = 'backup';
    const stored = await this.api.putBackup(backup, 0);
    this._progress.value = 'publish';
    await this.api.publishBundle(identity.bundle);
    await store.putBackup({ blob: backup, version: stored.version });
    return identity;
  }

  /** After a login or refresh: the key backup (the newer of IndexedDB's and the server's), opened with kek. */
  private async openAccount(name: string, kek: CryptoKey): Promise<void> {
    const store = await AccountStore.open(name);
    try {
      const local = await store.getBackup();
      let remote: StoredBackup | null = null;
      try {
        const view = await this.api.getBackup();
        if (typeof view.blob === 'string') remote = { blob: view.blob, version: view.version };
      } catch (e) {
        // 404: none on the server; anything else: use the local copy if there is one
        if (statusOf(e) !== 404 && !local) throw e;
      }
      const chosen = remote && (!local || remote.version > local.version) ? remote : local;
      let identity: Identity;
      if (!chosen) {
        identity = await this.makeIdentity(name, kek, store);
      } else {
        try {
          identity = await openIdentity(name, chosen.blob, kek);
        } catch (e) {
          if (e instanceof WrongPasswordError) throw new ActionError(401, 'wrong-password', 'password');
          throw e;
        }
        if (chosen !== local) await store.putBackup(chosen);
      }
      await this.enter(name, identity, store);
    } catch (e) {
      store.close();
      throw e;
    }
  }

  /** Keys are open: load the local state, go 'ready', connect. */
  private async enter(name: string, identity: Identity, store: AccountStore): Promise<void> {
    const refreshToken = this.api.refreshToken;
    if (refreshToken) await saveSession({ username: name, refreshToken });
    this.sessionStored = true;
    const cacheKey = await store.cacheKey();
    const receiver = new Receiver(identity, await store.getReplay());
    const pins = new Map((await store.getPins()).map((p) => [p.peer, p] as const));
    const convs = await this.loadConversations(store, cacheKey);

    const ctx: Unlocked = {
      alive: true,
      username: name,
      identity,
      receiver,
      store,
      cacheKey,
      relay: undefined as unknown as RelayClient,
      peerKeys: new Map(),
      peerLoads: new Map(),
      keyChecks: new Map(),
      changedKeys: new Map(),
      held: new Map(),
      outbound: new Map(),
      sends: new Map(),
      processed: new Set(),
      receipts: new Map(),
      receiptTimer: null,
      replayTimer: null,
      timers: [],
      inq: Promise.resolve(),
      outq: Promise.resolve(),
      io: Promise.resolve(),
    };
    ctx.relay = new RelayClient({
      ticket: () => this.api.ticket(),
      onFrame: (frame) => {
        if (ctx.alive) this.onFrame(ctx, frame);
      },
      onState: (state) => {
        if (ctx.alive) this._connection.value = state;
      },
      onSendTimeout: (id) => {
        if (ctx.alive) this.sendFailed(ctx, id);
      },
      socket: this.opts.socket,
      url: this.opts.relayUrl,
      sendTimeoutMs: this.opts.sendTimeoutMs,
    });
    this.ctx = ctx;
    this.lastTouch = Date.now();
    batch(() => {
      this._username.value = name;
      this.pins.value = pins;
      this.changed.value = new Map();
      this.convs.value = convs;
      this._messages.value = [];
      this._activePeer.value = null;
      this._phase.value = 'ready';
    });

    const heartbeat = () => void this.api.heartbeat().catch(() => undefined);
    heartbeat();
    const idleMs = this.opts.idleMs ?? IDLE_MS;
    ctx.timers.push(setInterval(heartbeat, this.opts.heartbeatMs ?? HEARTBEAT_MS));
    ctx.timers.push(
      setInterval(() => {
        if (ctx.alive && Date.now() - this.lastTouch >= idleMs) this.lock();
      }, Math.min(10_000, Math.max(50, idleMs / 4))),
    );
    ctx.relay.start();
    void this.refreshFriends(ctx);
    void this.refreshRequests(ctx);
    void this.checkOwnBundle(ctx);
  }

  private async loadConversations(store: AccountStore, key: CryptoKey): Promise<Map<string, ConvState>> {
    const metas = new Map((await store.getConversations()).map((m) => [m.peer, m] as const));
    for (const peer of await store.messagePeers()) {
      if (!metas.has(peer)) metas.set(peer, { peer, hidden: false, unread: 0 });
    }
    const convs = new Map<string, ConvState>();
    for (const meta of metas.values()) {
      const last = await store.lastMessage(key, meta.peer);
      const shown = last && last.status === 'sending' ? { ...last, status: 'failed' as const } : last;
      convs.set(meta.peer, { peer: meta.peer, last: shown, unread: meta.unread, hidden: meta.hidden, updated: last?.at ?? 0 });
    }
    return convs;
  }

  /** Drops the keys and everything decrypted; closes the socket and stops the timers. */
  private teardown(): void {
    const ctx = this.ctx;
    this.ctx = null;
    if (!ctx) return;
    ctx.alive = false;
    ctx.relay.stop();
    for (const t of ctx.timers) clearInterval(t);
    if (ctx.receiptTimer) clearTimeout(ctx.receiptTimer);
    if (ctx.replayTimer) {
      clearTimeout(ctx.replayTimer);
      this.saveReplay(ctx);
    }
    ctx.outbound.clear();
    ctx.peerKeys.clear();
    ctx.changedKeys.clear();
    ctx.held.clear();
    ctx.sends.clear();
    // let queued writes finish before closing the database
    void Promise.allSettled([ctx.io, ctx.inq]).then(() => ctx.store.close());
    this._connection.value = 'offline';
  }

  private clearState(): void {
    this.friendList.value = [];
    this.pins.value = new Map();
    this.changed.value = new Map();
    this._requests.value = { incoming: [], outgoing: [] };
    this.convs.value = new Map();
    this._messages.value = [];
    this._activePeer.value = null;
    this._progress.value = null;
  }

  /** The refresh token was refused while ready: signed out. */
  private async endSession(notice: Notice): Promise<void> {
    this.teardown();
    this.sessionStored = false;
    this.api.clearTokens();
    try {
      await clearSession();
    } catch {
      /* nothing more to do */
    }
    batch(() => {
      this.clearState();
      this._username.value = null;
      this._phase.value = 'signed-out';
      this._notice.value = notice;
    });
  }

  private ready(): Unlocked {
    const ctx = this.ctx;
    if (!ctx || this._phase.value !== 'ready') throw new ActionError(409, 'locked');
    return ctx;
  }

  /** Republishes my bundle when the server's current one is not my identity's (e.g. replaced elsewhere). */
  private async checkOwnBundle(ctx: Unlocked): Promise<void> {
    try {
      let current: KeyBundleView | null = null;
      try {
        current = await this.api.getBundle(ctx.username);
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
      }
      const mine = ctx.identity.bundle;
      if (
        ctx.alive &&
        (!current || current.encPublicKey !== mine.encPublicKey || current.signPublicKey !== mine.signPublicKey)
      ) {
        await this.api.publishBundle(mine);
      }
    } catch {
      warn('could not check my published key bundle');
    }
  }

  // --- friends ------------------------------------------------------------------------------------------------------

  async searchUsers(query: string): Promise<UserHit[]> {
    const ctx = this.ready();
    const q = query.trim().toLowerCase();
    if (q.length < 2 || q.length > 32 || !/^[a-z0-9_.-]+$/.test(q)) return [];
    const hits = await this.api.searchUsers(q);
    return hits
      .filter((h) => h.username !== ctx.username)
      .map((h) => ({
        username: h.username,
        relationship: (['none', 'friend', 'requested', 'incoming'] as const).includes(h.relationship) ? h.relationship : 'none',
      }));
  }

  async requestFriend(username: string): Promise<void> {
    const ctx = this.ready();
    await this.api.requestFriend(normalizeUsername(username));
    await Promise.all([this.refreshRequests(ctx), this.refreshFriends(ctx)]);
  }

  async acceptRequest(id: string): Promise<void> {
    const ctx = this.ready();
    await this.api.actOnRequest(id, 'accept');
    await Promise.all([this.refreshRequests(ctx), this.refreshFriends(ctx)]);
  }

  async declineRequest(id: string): Promise<void> {
    const ctx = this.ready();
    await this.api.actOnRequest(id, 'decline');
    await this.refreshRequests(ctx);
  }

  async cancelRequest(id: string): Promise<void> {
    const ctx = this.ready();
    await this.api.actOnRequest(id, 'cancel');
    await this.refreshRequests(ctx);
  }

  /**
   * Ends the friendship and wipes the local history with them. The pin is kept on purpose: if they become friends
   * again, their key must still match the one pinned (a changed key shows as 'changed', not as a fresh first use).
   */
  async deleteFriend(username: string): Promise<void> {
    const ctx = this.ready();
    const peer = normalizeUsername(username);
    try {
      await this.api.removeFriend(peer);
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    ctx.outbound.delete(peer);
    ctx.held.delete(peer);
    this.friendList.value = this.friendList.value.filter((f) => f.username !== peer);
    await this.wipe(ctx, peer);
    if (this._activePeer.value === peer) {
      batch(() => {
        this._activePeer.value = null;
        this._messages.value = [];
      });
    }
    void this.refreshFriends(ctx);
  }

  private async refreshFriends(ctx: Unlocked): Promise<void> {
    try {
      const list = await this.api.friends();
      if (!ctx.alive) return;
      const entries: FriendEntry[] = list.map((f) => ({
        username: f.username,
        online: !!f.online,
        lastActive: typeof f.lastActive === 'string' ? f.lastActive : null,
      }));
      this.friendList.value = entries;
      // presence-service is the authority on who is online right now
      for (let i = 0; i < entries.length; i += 50) {
        const chunk = entries.slice(i, i + 50).map((f) => f.username);
        try {
          const seen = await this.api.presence(chunk);
          if (!ctx.alive) return;
          const byName = new Map(seen.map((p) => [p.username, p] as const));
          this.friendList.value = this.friendList.value.map((f) => {
            const p = byName.get(f.username);
            if (!p || p.status === 'unknown') return f;
            return { ...f, online: p.status === 'online', lastActive: p.lastActive ?? f.lastActive };
          });
        } catch {
          /* the friend list's own presence stays */
        }
      }
      // pin on first use; a fingerprint other than the pin means a key change we missed while away
      for (const f of list) {
        const pin = this.pins.value.get(f.username);
        if (!pin) void this.ensurePeer(ctx, f.username).catch(() => undefined);
        else if (f.fingerprint && f.fingerprint !== pin.fingerprint) void this.checkKey(ctx, f.username);
      }
    } catch {
      warn('could not load the friend list');
    }
  }

  private async refreshRequests(ctx: Unlocked): Promise<void> {
    try {
      const r = await this.api.requests();
      if (!ctx.alive) return;
      this._requests.value = {
        incoming: (r.incoming ?? []).map((q) => ({ id: q.id, username: q.from, createdAt: q.createdAt })),
        outgoing: (r.outgoing ?? []).map((q) => ({ id: q.id, username: q.to, createdAt: q.createdAt })),
      };
    } catch {
      warn('could not load the friend requests');
    }
  }

  // --- trust --------------------------------------------------------------------------------------------------------

  /** The friend's pinned keys; fetched, verified and pinned on first use. */
  private ensurePeer(ctx: Unlocked, peer: string): Promise<PeerKeys> {
    const known = ctx.peerKeys.get(peer);
    if (known) return Promise.resolve(known);
    let load = ctx.peerLoads.get(peer);
    if (!load) {
      load = (async () => {
        const pin = this.pins.value.get(peer) ?? (await ctx.store.getPin(peer));
        let keys: PeerKeys;
        if (pin) {
          keys = await importPeer(peer, pin.bundle);
        } else {
          const view = await this.api.getBundle(peer);
          keys = await importPeer(peer, bundleOf(view));
          if (!ctx.alive) throw new ActionError(409, 'locked');
          const fresh: Pin = { peer, fingerprint: keys.fingerprint, bundle: bundleOf(view), verified: false };
          await ctx.store.putPin(fresh);
          this.setPin(fresh);
        }
        if (ctx.alive) ctx.peerKeys.set(peer, keys);
        return keys;
      })().finally(() => ctx.peerLoads.delete(peer));
      ctx.peerLoads.set(peer, load);
    }
    return load;
  }

  private setPin(pin: Pin): void {
    const pins = new Map(this.pins.value);
    pins.set(pin.peer, pin);
    this.pins.value = pins;
  }

  private setChanged(peer: string, fingerprint: string | null): void {
    const changed = new Map(this.changed.value);
    if (fingerprint === null) changed.delete(peer);
    else changed.set(peer, fingerprint);
    this.changed.value = changed;
  }

  /** Fetches the friend's current bundle and compares it with the pin: a difference is a key change to confirm. */
  private checkKey(ctx: Unlocked, peer: string): Promise<void> {
    let check = ctx.keyChecks.get(peer);
    if (!check) {
      check = (async () => {
        const pin = this.pins.value.get(peer);
        if (!pin) {
          await this.ensurePeer(ctx, peer).catch(() => undefined);
          return;
        }
        let keys: PeerKeys;
        try {
          keys = await importPeer(peer, bundleOf(await this.api.getBundle(peer)));
        } catch {
          warn('could not fetch or verify a friend\'s current key bundle');
          return;
        }
        if (!ctx.alive) return;
        if (keys.fingerprint === pin.fingerprint) {
          if (ctx.changedKeys.delete(peer)) {
            this.setChanged(peer, null);
            this.releaseHeld(ctx, peer);
          }
          return;
        }
        const known = ctx.changedKeys.get(peer);
        ctx.changedKeys.set(peer, keys);
        ctx.outbound.delete(peer);
        this.setChanged(peer, keys.fingerprint);
        if (!known || known.fingerprint !== keys.fingerprint) {
          this._notice.value = { kind: 'info', key: 'keyChanged', args: { user: peer } };
        }
      })().finally(() => ctx.keyChecks.delete(peer));
      ctx.keyChecks.set(peer, check);
    }
    return check;
  }

  async acceptKeyChange(peer: string): Promise<void> {
    const ctx = this.ready();
    const keys = ctx.changedKeys.get(peer);
    if (!keys) return;
    const pin: Pin = { peer, fingerprint: keys.fingerprint, bundle: bundleOf(keys.bundle), verified: false };
    await ctx.store.putPin(pin);
    if (!ctx.alive) return;
    ctx.changedKeys.delete(peer);
    ctx.peerKeys.set(peer, keys);
    ctx.outbound.delete(peer);
    batch(() => {
      this.setPin(pin);
      this.setChanged(peer, null);
    });
    this.releaseHeld(ctx, peer);
  }

  /** Processes the envelopes that waited for a key change to be settled, in their order. */
  private releaseHeld(ctx: Unlocked, peer: string): void {
    const held = ctx.held.get(peer) ?? [];
    ctx.held.delete(peer);
    for (const frame of held) this.enqueueDeliver(ctx, frame);
  }

  async safety(peer: string): Promise<SafetyInfo> {
    const ctx = this.ready();
    const keys = await this.ensurePeer(ctx, peer);
    const me = { username: ctx.username, fingerprint: ctx.identity.fingerprint };
    const them = { username: peer, fingerprint: keys.fingerprint };
    const [digits, qrText] = await Promise.all([safetyNumber(me, them), safetyQrText(me, them)]);
    return { digits, qrText, verified: !!this.pins.value.get(peer)?.verified };
  }

  async markVerified(peer: string): Promise<void> {
    const ctx = this.ready();
    if (ctx.changedKeys.has(peer)) throw new ActionError(409, 'key-changed');
    await this.ensurePeer(ctx, peer);
    const pin = this.pins.value.get(peer);
    if (!pin) throw new ActionError(404, 'no key');
    const verified = { ...pin, verified: true };
    await ctx.store.putPin(verified);
    if (ctx.alive) this.setPin(verified);
  }

  // --- conversations ------------------------------------------------------------------------------------------------

  async openConversation(peer: string | null): Promise<void> {
    if (peer === null) {
      batch(() => {
        this._activePeer.value = null;
        this._messages.value = [];
      });
      return;
    }
    const ctx = this.ready();
    const name = normalizeUsername(peer);
    batch(() => {
      this._activePeer.value = name;
      this._messages.value = [];
      this.updateConv(name, (c) => ({ ...c, unread: 0, hidden: false }));
    });
    void this.saveMeta(ctx, name);
    const loaded = await ctx.store.loadMessages(ctx.cacheKey, name);
    if (!ctx.alive || this._activePeer.value !== name) return;
    const shown = loaded.map((m) => (m.status === 'sending' && !ctx.sends.has(m.id) ? { ...m, status: 'failed' as const } : m));
    const ids = new Set(shown.map((m) => m.id));
    // messages that arrived while loading
    this._messages.value = [...shown, ...this._messages.value.filter((m) => !ids.has(m.id))];
  }

  async hideConversation(peer: string): Promise<void> {
    const ctx = this.ready();
    this.updateConv(peer, (c) => ({ ...c, hidden: true }));
    await this.saveMeta(ctx, peer);
  }

  async deleteHistory(peer: string): Promise<void> {
    const ctx = this.ready();
    await this.wipe(ctx, peer);
    if (this._activePeer.value === peer) this._messages.value = [];
  }

  private async wipe(ctx: Unlocked, peer: string): Promise<void> {
    const convs = new Map(this.convs.value);
    convs.delete(peer);
    this.convs.value = convs;
    const { run, next } = queue(ctx.io, () => ctx.store.wipeConversation(peer));
    ctx.io = next;
    await run;
  }

  /** Updates (or creates) a conversation's state. */
  private updateConv(peer: string, f: (c: ConvState) => ConvState): void {
    const convs = new Map(this.convs.value);
    const current = convs.get(peer) ?? { peer, last: null, unread: 0, hidden: false, updated: Date.now() };
    convs.set(peer, f(current));
    this.convs.value = convs;
  }

  private saveMeta(ctx: Unlocked, peer: string): Promise<void> {
    const c = this.convs.value.get(peer);
    if (!c) return Promise.resolve();
    const meta: ConversationMeta = { peer, hidden: c.hidden, unread: c.unread };
    const { run, next } = queue(ctx.io, () => ctx.store.putConversation(meta));
    ctx.io = next;
    return run.catch(() => warn('could not store a conversation'));
  }

  /** Shows a new message: the open conversation's list, the conversation's last message, unread and hidden. */
  private showMessage(ctx: Unlocked, msg: ChatMessage): void {
    const open = this._activePeer.value === msg.peer;
    batch(() => {
      if (open) this._messages.value = [...this._messages.value.filter((m) => m.id !== msg.id), msg];
      this.updateConv(msg.peer, (c) => ({
        ...c,
        last: msg,
        hidden: false,
        unread: !msg.outgoing && !open ? c.unread + 1 : c.unread,
        updated: Math.max(c.updated, msg.at),
      }));
    });
    void this.saveMeta(ctx, msg.peer);
  }

  /** Writes a message to the cache (serialised with every other message write). */
  private storeMessage(ctx: Unlocked, msg: ChatMessage): Promise<void> {
    const { run, next } = queue(ctx.io, () => ctx.store.putMessage(ctx.cacheKey, msg));
    ctx.io = next;
    return run;
  }

  /** Moves an outgoing message's status forward, on screen and in the cache. */
  private setStatus(ctx: Unlocked, id: string, status: MessageStatus): void {
    batch(() => {
      const msgs = this._messages.value;
      const i = msgs.findIndex((m) => m.id === id && m.outgoing);
      if (i >= 0 && canMove(msgs[i].status, status)) {
        const copy = msgs.slice();
        copy[i] = { ...msgs[i], status };
        this._messages.value = copy;
      }
      for (const c of this.convs.value.values()) {
        if (c.last?.id === id && c.last.outgoing && canMove(c.last.status, status)) {
          const last = { ...c.last, status };
          this.updateConv(c.peer, (x) => ({ ...x, last }));
        }
      }
    });
    const { next } = queue(ctx.io, async () => {
      const stored = await ctx.store.getMessage(ctx.cacheKey, id);
      if (stored && stored.outgoing && canMove(stored.status, status)) {
        await ctx.store.putMessage(ctx.cacheKey, { ...stored, status });
      }
    });
    ctx.io = next;
  }

  // --- sending ------------------------------------------------------------------------------------------------------

  async sendText(peer: string, text: string): Promise<void> {
    if (typeof text !== 'string' || text.trim() === '') throw new ActionError(400, 'empty');
    await this.sendMessage(peer, { kind: 'text', text });
  }

  async sendContent(peer: string, content: MediaContent): Promise<void> {
    const checked = mediaContent(content);
    if (!checked) throw new ActionError(400, 'malformed media content');
    await this.sendMessage(peer, checked);
  }

  async sendCallSignal(peer: string, signal: unknown): Promise<void> {
    const ctx = this.ready();
    if (!signal || typeof signal !== 'object') throw new ActionError(400, 'malformed call signal');
    const payload = { ...(signal as Record<string, unknown>), t: 'call' } as Payload;
    const name = normalizeUsername(peer);
    if (ctx.changedKeys.has(name)) throw new ActionError(409, 'key-changed');
    await this.transmit(ctx, name, randomId(), payload, false);
  }

  async retry(peer: string, messageId: string): Promise<void> {
    const ctx = this.ready();
    const name = normalizeUsername(peer);
    if (ctx.changedKeys.has(name)) throw new ActionError(409, 'key-changed');
    const msg =
      this._messages.value.find((m) => m.id === messageId) ?? (await ctx.store.getMessage(ctx.cacheKey, messageId));
    if (!msg || msg.peer !== name || !msg.outgoing) throw new ActionError(404, 'no such message');
    if (msg.status !== 'failed' && !(msg.status === 'sending' && !ctx.sends.has(msg.id))) return;
    // the same id, sealed again: a new counter, so it is not stale after later messages (the relay stores an id once)
    if (msg.status === 'failed') this.setStatus(ctx, msg.id, 'sending');
    try {
      await this.transmit(ctx, name, msg.id, contentPayload(msg.content), true);
    } catch (e) {
      this.setStatus(ctx, msg.id, 'failed');
      throw e;
    }
  }

  private async sendMessage(peer: string, content: MessageContent): Promise<void> {
    const ctx = this.ready();
    const name = normalizeUsername(peer);
    if (ctx.changedKeys.has(name)) throw new ActionError(409, 'key-changed');
    const payload = contentPayload(content);
    if (utf8(JSON.stringify(payload)).length > MAX_PAYLOAD_BYTES) throw new ActionError(413, 'too-large');
    const msg: ChatMessage = { id: randomId(), peer: name, outgoing: true, at: Date.now(), status: 'sending', content };
    this.showMessage(ctx, msg);
    await this.storeMessage(ctx, msg).catch(() => warn('could not store a sent message'));
    try {
      await this.transmit(ctx, name, msg.id, payload, true);
    } catch (e) {
      this.setStatus(ctx, msg.id, 'failed');
      throw e;
    }
  }

  /**
   * Seals a payload for a friend and hands it to the relay. Serialised: envelopes leave in counter order, which the
   * receiver's stale-counter check relies on.
   */
  private transmit(ctx: Unlocked, peer: string, id: string, payload: Payload, message: boolean): Promise<void> {
    const attempts = ctx.sends.get(id)?.attempts ?? 0;
    ctx.sends.set(id, { peer, payload, message, attempts });
    const { run, next } = queue(ctx.outq, async () => {
      if (!ctx.alive) throw new ActionError(409, 'locked');
      if (ctx.changedKeys.has(peer)) throw new ActionError(409, 'key-changed');
      let keys: PeerKeys;
      try {
        keys = await this.ensurePeer(ctx, peer);
      } catch (e) {
        throw e instanceof ActionError ? e : new ActionError(422, 'no usable key for this friend');
      }
      let session = ctx.outbound.get(peer);
      if (!session || needsRotation(session, keys.fingerprint)) {
        session = await createSession(ctx.identity, keys);
        ctx.outbound.set(peer, session);
      }
      const envelope = await seal(ctx.identity, session, id, utf8(JSON.stringify(payload)));
      if (!ctx.alive) throw new ActionError(409, 'locked');
      ctx.relay.send(id, peer, encodeEnvelope(envelope));
    });
    ctx.outq = next;
    return run.catch((e) => {
      ctx.sends.delete(id);
      throw e;
    });
  }

  private sendFailed(ctx: Unlocked, id: string, notice?: Notice): void {
    const pending = ctx.sends.get(id);
    ctx.sends.delete(id);
    if (pending?.message) {
      this.setStatus(ctx, id, 'failed');
      if (notice) this._notice.value = notice;
    }
  }

  private queueReceipt(ctx: Unlocked, peer: string, id: string): void {
    const ids = ctx.receipts.get(peer) ?? [];
    ids.push(id);
    ctx.receipts.set(peer, ids);
    if (ctx.receiptTimer) return;
    ctx.receiptTimer = setTimeout(() => {
      ctx.receiptTimer = null;
      const all = [...ctx.receipts];
      ctx.receipts.clear();
      for (const [to, list] of all) {
        if (!ctx.alive || ctx.changedKeys.has(to)) continue;
        for (let i = 0; i < list.length; i += MAX_RECEIPT_IDS) {
          const ids = list.slice(i, i + MAX_RECEIPT_IDS);
          this.transmit(ctx, to, randomId(), { t: 'receipt', ids }, false).catch(() => warn('could not send a receipt'));
        }
      }
    }, RECEIPT_DELAY_MS);
  }

  // --- relay frames -------------------------------------------------------------------------------------------------

  private onFrame(ctx: Unlocked, frame: ServerFrame): void {
    switch (frame.type) {
      case 'accepted': {
        const pending = ctx.sends.get(frame.id);
        ctx.sends.delete(frame.id);
        // also a late 'accepted' for a message that had timed out
        if (!pending || pending.message) this.setStatus(ctx, frame.id, 'accepted');
        break;
      }
      case 'rejected': {
        if (frame.id === undefined) {
          warn(`relay rejected a frame: ${frame.code}`);
          break;
        }
        const pending = ctx.sends.get(frame.id);
        if (!pending) break;
        // 'not-friends' right after a friendship began: the relay learns of friendships a moment after the friend
        // service does, so while the friend list says friends it is worth another try
        const lagging = frame.code === 'not-friends' && this.friendList.value.some((f) => f.username === pending.peer);
        if ((TRANSIENT.has(frame.code) || lagging) && pending.attempts < MAX_TRANSIENT_RETRIES) {
          pending.attempts++;
          const id = frame.id;
          setTimeout(() => {
            if (!ctx.alive || ctx.sends.get(id) !== pending) return;
            this.transmit(ctx, pending.peer, id, pending.payload, pending.message).catch(() => this.sendFailed(ctx, id));
          }, 1000 * 2 ** (pending.attempts - 1));
          break;
        }
        warn(`relay rejected a message: ${frame.code}`);
        this.sendFailed(
          ctx,
          frame.id,
          frame.code === 'not-friends'
            ? { kind: 'error', key: 'notFriends', args: { user: pending.peer } }
            : { kind: 'error', key: 'sendFailed', args: { user: pending.peer } },
        );
        break;
      }
      case 'deliver':
        this.enqueueDeliver(ctx, frame);
        break;
      case 'presence':
        this.friendList.value = this.friendList.value.map((f) =>
          f.username === frame.user ? { ...f, online: frame.online, lastActive: frame.lastActive ?? f.lastActive } : f,
        );
        break;
      case 'key-changed': {
        const pin = this.pins.value.get(frame.user);
        if (!pin || pin.fingerprint !== frame.fingerprint) void this.checkKey(ctx, frame.user);
        break;
      }
      case 'friendship':
        if (frame.event === 'removed') {
          // their side ended it: the history stays until the user deletes it
          ctx.outbound.delete(frame.user);
        }
        void this.refreshRequests(ctx);
        if (frame.event === 'created' || frame.event === 'removed') void this.refreshFriends(ctx);
        break;
      case 'pong':
        break;
    }
  }

  /** Writes the Receiver's replay state (after the message writes queued before it). */
  private saveReplay(ctx: Unlocked): void {
    ctx.replayTimer = null;
    const state = ctx.receiver.exportState();
    const { next } = queue(ctx.io, () =>
      ctx.store.putReplay(state).catch(() => warn('could not store the replay state')),
    );
    ctx.io = next;
  }

  private enqueueDeliver(ctx: Unlocked, frame: Deliver): void {
    const { next } = queue(ctx.inq, () =>
      this.receive(ctx, frame).catch(() => {
        warn('could not process an envelope');
      }),
    );
    ctx.inq = next;
  }

  private hold(ctx: Unlocked, frame: Deliver): void {
    const held = ctx.held.get(frame.from) ?? [];
    if (!held.some((f) => f.id === frame.id)) held.push(frame);
    ctx.held.set(frame.from, held);
  }

  /** One delivered envelope: verify, decrypt, store, then ack (then a receipt for a message). */
  private async receive(ctx: Unlocked, frame: Deliver): Promise<void> {
    if (!ctx.alive) return;
    const from = frame.from;
    const ack = () => {
      if (ctx.alive) ctx.relay.ack(frame.id);
    };
    if (ctx.processed.has(frame.id) || (await ctx.store.hasMessage(frame.id))) {
      ack();
      return;
    }
    let envelope;
    try {
      envelope = decodeEnvelope(frame.body);
    } catch (e) {
      warn(`envelope rejected: ${e instanceof RejectedEnvelopeError ? e.reason : 'malformed'}`);
      ack();
      return;
    }
    // a key change to confirm, or earlier envelopes of this sender still waiting: keep the sender's order
    if (ctx.changedKeys.has(from) || ctx.held.get(from)?.length) {
      this.hold(ctx, frame);
      return;
    }
    let keys: PeerKeys;
    try {
      keys = await this.ensurePeer(ctx, from);
    } catch (e) {
      if (e instanceof ActionError && (e.status === 0 || e.status === 429 || e.status >= 500)) {
        // the key directory is out of reach: keep it (unacknowledged) and try again shortly
        warn('sender keys unavailable; envelope kept for later');
        this.hold(ctx, frame);
        setTimeout(() => {
          if (ctx.alive && !ctx.changedKeys.has(from)) this.releaseHeld(ctx, from);
        }, 5000);
        return;
      }
      warn('envelope rejected: no usable sender key');
      ack();
      return;
    }
    if (envelope.kx.fromFp !== keys.fingerprint) {
      await this.checkKey(ctx, from);
      if (!ctx.alive) return;
      if (ctx.changedKeys.has(from)) {
        this.hold(ctx, frame);
        return;
      }
      keys = ctx.peerKeys.get(from) ?? keys;
    }
    let plain: Uint8Array;
    try {
      plain = await ctx.receiver.open(from, frame.id, envelope, keys);
    } catch (e) {
      warn(`envelope rejected: ${e instanceof RejectedEnvelopeError ? e.reason : 'error'}`);
      ack();
      return;
    }
    if (!ctx.alive) return;
    ctx.processed.add(frame.id);
    if (ctx.processed.size > 10_000) ctx.processed.delete(ctx.processed.values().next().value as string);
    if (!ctx.replayTimer) ctx.replayTimer = setTimeout(() => this.saveReplay(ctx), REPLAY_SAVE_MS);
    const payload = parsePayload(fromUtf8(plain));
    if (!payload) {
      warn('envelope rejected: unknown payload');
      ack();
      return;
    }
    const content = payloadContent(payload);
    if (content) {
      const at = Date.parse(frame.sentAt);
      const msg: ChatMessage = {
        id: frame.id,
        peer: from,
        outgoing: false,
        at: Number.isFinite(at) ? at : Date.now(),
        status: 'received',
        content,
      };
      await this.storeMessage(ctx, msg);
      if (!ctx.alive) return;
      ack();
      this.showMessage(ctx, msg);
      this.queueReceipt(ctx, from, frame.id);
      return;
    }
    ack();
    if (payload.t === 'receipt') {
      for (const id of payload.ids) this.markDelivered(ctx, from, id);
    } else if (payload.t === 'call') {
      try {
        this.onCallSignal?.(from, payload);
      } catch {
        warn('the call signal handler failed');
      }
    }
  }

  /** A receipt from `peer`: only that peer's own outgoing messages to them can become delivered. */
  private markDelivered(ctx: Unlocked, peer: string, id: string): void {
    const shown = this._messages.value.find((m) => m.id === id);
    const last = this.convs.value.get(peer)?.last;
    if ((shown && shown.peer !== peer) || (last?.id === id && last.peer !== peer)) return;
    ctx.sends.delete(id);
    batch(() => {
      if (shown && shown.outgoing && canMove(shown.status, 'delivered')) {
        this._messages.value = this._messages.value.map((m) => (m.id === id ? { ...m, status: 'delivered' } : m));
      }
      if (last && last.id === id && last.outgoing && canMove(last.status, 'delivered')) {
        this.updateConv(peer, (c) => ({ ...c, last: { ...last, status: 'delivered' } }));
      }
    });
    const { next } = queue(ctx.io, async () => {
      const stored = await ctx.store.getMessage(ctx.cacheKey, id);
      if (stored && stored.peer === peer && stored.outgoing && canMove(stored.status, 'delivered')) {
        await ctx.store.putMessage(ctx.cacheKey, { ...stored, status: 'delivered' });
      }
    });
    ctx.io = next;
  }
}

function trustOf(pin: Pin | undefined, changed: string | undefined): Trust {
  if (changed !== undefined) {
    return { status: 'changed', fingerprint: pin?.fingerprint ?? null, pendingFingerprint: changed, wasVerified: !!pin?.verified };
  }
  if (!pin) return { status: 'unknown', fingerprint: null };
  return { status: pin.verified ? 'verified' : 'pinned', fingerprint: pin.fingerprint };
}

function normalizeUsername(username: string): string {
  const name = (typeof username === 'string' ? username : '').trim().toLowerCase();
  if (!USERNAME_RE.test(name)) throw new ActionError(400, 'must be 3 to 32 characters: a-z, 0-9, _ . -', 'username');
  return name;
}

export function createApp(options: AppOptions = {}): Engine {
  return new App(options);
}
