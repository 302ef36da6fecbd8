/**
 * The headless engine behind the UI: implements the ChatApp contract (model.ts) with src/net (HTTP, relay socket),
 * src/store (IndexedDB) and src/crypto (all cryptography).
 *
 * Secrets: the password-derived keys and the identity's private keys live in memory only, inside the `Session`
 * (session.ts) of one unlock, and are dropped by lock()/logout(). Nothing here logs tokens, passwords, keys or
 * message content — warnings name a reason code at most. Every string from the network is data for the UI to render
 * as text.
 */
import { batch, computed, signal } from '@preact/signals';
import { deriveKeys, toBase64, type Identity } from '../crypto';
import { Api, statusOf } from '../net/api';
import { ActionError } from '../net/errors';
import type { SocketFactory } from '../net/relay';
import { AccountStore, clearSession, loadSession, saveSession } from '../store/db';
import { makeKeys, openKeys } from './account';
import { normalizeUsername, warn } from './context';
import type {
  ChatApp,
  ChatMessage,
  Connection,
  Conversation,
  Friend,
  FriendRequest,
  MediaContent,
  Notice,
  Phase,
  SafetyInfo,
  UserHit,
} from './model';
import { checkedMedia, textContent } from './outbound';
import { parseUserQrText, userQrText } from './payload';
import { Session } from './session';

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

const NO_FRIENDS: Friend[] = [];
const NO_REQUESTS: { incoming: FriendRequest[]; outgoing: FriendRequest[] } = { incoming: [], outgoing: [] };
const NO_CONVERSATIONS: Conversation[] = [];
const NO_MESSAGES: ChatMessage[] = [];

/**
 * The phase machine (starting → signed-out | locked → ready → locked | signed-out) with login, registration, unlock,
 * lock and logout; while ready, a Session does the work and the signals below show its state.
 */
class App implements Engine {
  private readonly _phase = signal<Phase>('starting');
  private readonly _username = signal<string | null>(null);
  private readonly _progress = signal<string | null>(null);
  private readonly _notice = signal<Notice | null>(null);
  /** the open keys' session; null while signed out or locked (so every view below is empty) */
  private readonly session = signal<Session | null>(null);

  readonly phase = computed(() => this._phase.value);
  readonly username = computed(() => this._username.value);
  readonly progress = computed(() => this._progress.value);
  readonly notice = computed(() => this._notice.value);
  readonly connection = computed<Connection>(() => this.session.value?.connection.value ?? 'offline');
  readonly friends = computed(() => this.session.value?.friends.value ?? NO_FRIENDS);
  readonly requests = computed(() => this.session.value?.contacts.requests.value ?? NO_REQUESTS);
  readonly conversations = computed(() => this.session.value?.conversations.list.value ?? NO_CONVERSATIONS);
  readonly messages = computed(() => this.session.value?.conversations.messages.value ?? NO_MESSAGES);
  readonly activePeer = computed(() => this.session.value?.conversations.activePeer.value ?? null);

  onCallSignal?: (peer: string, signal: unknown) => void;

  private readonly api: Api;
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
        if (this._phase.value === 'ready' && this.session.value) void this.endSession({ kind: 'error', key: 'sessionExpired' });
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

  // --- phases ---------------------------------------------------------------------------------------------------------

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
        const identity = await makeKeys(this.api, store, name, derived.kek, (step) => (this._progress.value = step));
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
    batch(() => {
      this.teardown();
      this._progress.value = null;
      this._phase.value = 'locked';
    });
  }

  async logout(): Promise<void> {
    batch(() => this.teardown());
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
      this._progress.value = null;
      this._username.value = null;
      this._phase.value = 'signed-out';
    });
  }

  touch(): void {
    this.lastTouch = Date.now();
  }

  reconnect(): void {
    this.session.value?.relay.takeOver();
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

  /** After a login or refresh: the account's keys opened with kek (made first if it has none), then ready. */
  private async openAccount(name: string, kek: CryptoKey): Promise<void> {
    const store = await AccountStore.open(name);
    try {
      const identity = await openKeys(this.api, store, name, kek, (step) => (this._progress.value = step));
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
    const session = await Session.open({
      username: name,
      identity,
      store,
      api: this.api,
      notify: (notice) => (this._notice.value = notice),
      onCallSignal: (peer, payload) => this.onCallSignal?.(peer, payload),
      socket: this.opts.socket,
      relayUrl: this.opts.relayUrl,
      sendTimeoutMs: this.opts.sendTimeoutMs,
    });
    this.lastTouch = Date.now();
    batch(() => {
      this._username.value = name;
      this.session.value = session;
      this._phase.value = 'ready';
    });
    const idleMs = this.opts.idleMs ?? IDLE_MS;
    session.every(Math.min(10_000, Math.max(50, idleMs / 4)), () => {
      if (session.alive && Date.now() - this.lastTouch >= idleMs) this.lock();
    });
    session.start(this.opts.heartbeatMs ?? HEARTBEAT_MS);
  }

  /** Drops the keys and everything decrypted with the session. */
  private teardown(): void {
    const session = this.session.value;
    this.session.value = null;
    session?.close();
  }

  /** The refresh token was refused while ready: signed out. */
  private async endSession(notice: Notice): Promise<void> {
    batch(() => this.teardown());
    this.sessionStored = false;
    this.api.clearTokens();
    try {
      await clearSession();
    } catch {
      /* nothing more to do */
    }
    batch(() => {
      this._progress.value = null;
      this._username.value = null;
      this._phase.value = 'signed-out';
      this._notice.value = notice;
    });
  }

  private ready(): Session {
    const session = this.session.value;
    if (!session || this._phase.value !== 'ready') throw new ActionError(409, 'locked');
    return session;
  }

  // --- what a ready session does --------------------------------------------------------------------------------------

  async searchUsers(query: string): Promise<UserHit[]> {
    return this.ready().contacts.search(query);
  }

  async requestFriend(username: string): Promise<void> {
    const session = this.ready();
    await session.contacts.request(normalizeUsername(username));
  }

  async acceptRequest(id: string): Promise<void> {
    return this.ready().contacts.accept(id);
  }

  async declineRequest(id: string): Promise<void> {
    return this.ready().contacts.decline(id);
  }

  async cancelRequest(id: string): Promise<void> {
    return this.ready().contacts.cancel(id);
  }

  async deleteFriend(username: string): Promise<void> {
    return this.ready().deleteFriend(username);
  }

  async openConversation(peer: string | null): Promise<void> {
    if (peer === null) {
      this.session.value?.conversations.close();
      return;
    }
    await this.ready().openConversation(peer);
  }

  async hideConversation(peer: string): Promise<void> {
    return this.ready().conversations.hide(peer);
  }

  async deleteHistory(peer: string): Promise<void> {
    return this.ready().conversations.deleteHistory(peer);
  }

  async sendText(peer: string, text: string): Promise<void> {
    const content = textContent(text);
    await this.ready().outbound.sendMessage(peer, content);
  }

  async sendContent(peer: string, content: MediaContent): Promise<void> {
    const checked = checkedMedia(content);
    await this.ready().outbound.sendMessage(peer, checked);
  }

  async sendCallSignal(peer: string, signal: unknown): Promise<void> {
    return this.ready().outbound.sendCallSignal(peer, signal);
  }

  async retry(peer: string, messageId: string): Promise<void> {
    return this.ready().outbound.retry(peer, messageId);
  }

  async acceptKeyChange(peer: string): Promise<void> {
    return this.ready().trust.acceptKeyChange(peer);
  }

  async safety(peer: string): Promise<SafetyInfo> {
    return this.ready().trust.safety(peer);
  }

  async markVerified(peer: string): Promise<void> {
    return this.ready().trust.markVerified(peer);
  }
}

export function createApp(options: AppOptions = {}): Engine {
  return new App(options);
}
