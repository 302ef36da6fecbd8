/**
 * One unlock of the keys: owns the relay socket and routes its frames to the parts — `inbound` (deliveries), `outbound`
 * (accepted, rejected, timed out), `trust` (key changes), `contacts` (presence, friendships) — and the write queue they
 * share. Created by the client when the keys open, closed when it locks or signs out; nothing of it outlives that.
 */
import { computed, signal } from '@preact/signals';
import { Receiver, type Identity } from '../crypto';
import { statusOf, type Api, type KeyBundleView } from '../net/api';
import { RelayClient, type ServerFrame, type SocketFactory } from '../net/relay';
import type { AccountStore, Pin } from '../store/db';
import { Contacts } from './contacts';
import { normalizeUsername, warn, type SessionContext } from './context';
import { Conversations, loadConversations, type ConvState } from './conversations';
import { Inbound } from './inbound';
import type { Connection, Friend, Notice } from './model';
import { Outbound } from './outbound';
import { SerialQueue } from './serial-queue';
import { PeerTrust, trustOf } from './trust';

export interface SessionOptions {
  username: string;
  identity: Identity;
  store: AccountStore;
  api: Api;
  notify(notice: Notice): void;
  onCallSignal(peer: string, signal: unknown): void;
  /** WebSocket factory (tests, Node) */
  socket?: SocketFactory;
  /** relay URL for a ticket (default: the page's origin) */
  relayUrl?: (ticket: string) => string;
  /** relay send timeout */
  sendTimeoutMs?: number;
}

export class Session implements SessionContext {
  alive = true;
  readonly username: string;
  readonly identity: Identity;
  readonly store: AccountStore;
  readonly api: Api;
  readonly relay: RelayClient;
  readonly io = new SerialQueue();
  readonly connection = signal<Connection>('offline');

  readonly trust: PeerTrust;
  readonly contacts: Contacts;
  readonly conversations: Conversations;
  readonly outbound: Outbound;
  readonly inbound: Inbound;
  readonly friends = computed<Friend[]>(() => {
    const pins = this.trust.pins.value;
    const changed = this.trust.changed.value;
    return this.contacts.list.value.map((f) => ({ ...f, trust: trustOf(pins.get(f.username), changed.get(f.username)) }));
  });

  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly opts: SessionOptions;

  /** Loads what the account's store keeps (cache key, replay state, pins, conversations) into a new session. */
  static async open(opts: SessionOptions): Promise<Session> {
    const { store, identity } = opts;
    const cacheKey = await store.cacheKey();
    const receiver = new Receiver(identity, await store.getReplay());
    const pins = new Map((await store.getPins()).map((p) => [p.peer, p] as const));
    const convs = await loadConversations(store, cacheKey);
    return new Session(opts, cacheKey, receiver, pins, convs);
  }

  private constructor(
    opts: SessionOptions,
    readonly cacheKey: CryptoKey,
    receiver: Receiver,
    pins: Map<string, Pin>,
    convs: Map<string, ConvState>,
  ) {
    this.opts = opts;
    this.username = opts.username;
    this.identity = opts.identity;
    this.store = opts.store;
    this.api = opts.api;
    this.relay = new RelayClient({
      ticket: () => this.api.ticket(),
      onFrame: (frame) => {
        if (this.alive) this.route(frame);
      },
      onState: (state) => {
        if (this.alive) this.connection.value = state;
      },
      onSendTimeout: (id) => {
        if (this.alive) this.outbound.failed(id);
      },
      socket: opts.socket,
      url: opts.relayUrl,
      sendTimeoutMs: opts.sendTimeoutMs,
    });
    this.trust = new PeerTrust(this, pins, {
      rekeyed: (peer) => this.outbound.forget(peer),
      settled: (peer) => this.inbound.release(peer),
    });
    this.contacts = new Contacts(this, this.trust);
    this.conversations = new Conversations(this, convs);
    this.outbound = new Outbound(this, this.trust, this.contacts, this.conversations);
    this.inbound = new Inbound(this, receiver, this.trust, this.conversations, this.outbound, opts.onCallSignal);
  }

  notify(notice: Notice): void {
    this.opts.notify(notice);
  }

  /** Connects and loads what the servers know; the heartbeat keeps presence 'online'. */
  start(heartbeatMs: number): void {
    const heartbeat = () => void this.api.heartbeat().catch(() => undefined);
    heartbeat();
    this.every(heartbeatMs, heartbeat);
    this.relay.start();
    void this.contacts.refreshFriends();
    void this.contacts.refreshRequests();
    void this.checkOwnBundle();
  }

  /** Runs `task` every `ms` until the session closes. */
  every(ms: number, task: () => void): void {
    this.timers.push(setInterval(task, ms));
  }

  /** Opens (or creates) the conversation and marks it read. */
  openConversation(peer: string): Promise<void> {
    return this.conversations.open(normalizeUsername(peer), (id) => this.outbound.isSending(id));
  }

  /**
   * Ends the friendship and wipes the local history with them. The pin is kept on purpose: if they become friends
   * again, their key must still match the one pinned (a changed key shows as 'changed', not as a fresh first use).
   */
  async deleteFriend(username: string): Promise<void> {
    const peer = normalizeUsername(username);
    await this.contacts.remove(peer);
    this.outbound.forget(peer);
    this.inbound.drop(peer);
    await this.conversations.wipe(peer);
    if (this.conversations.activePeer.value === peer) this.conversations.close();
    void this.contacts.refreshFriends();
  }

  /** Drops the keys and everything decrypted; closes the socket and stops the timers. */
  close(): void {
    this.alive = false;
    this.relay.stop();
    for (const t of this.timers) clearInterval(t);
    this.outbound.close();
    this.inbound.close();
    this.trust.close();
    // let queued writes finish before closing the database
    void Promise.all([this.io.idle(), this.inbound.idle()]).then(() => this.store.close());
    this.connection.value = 'offline';
  }

  private route(frame: ServerFrame): void {
    switch (frame.type) {
      case 'accepted':
        this.outbound.accepted(frame.id);
        break;
      case 'rejected':
        this.outbound.rejected(frame);
        break;
      case 'deliver':
        this.inbound.enqueue(frame);
        break;
      case 'presence':
        this.contacts.presence(frame.user, frame.online, frame.lastActive);
        break;
      case 'key-changed':
        this.trust.announced(frame.user, frame.fingerprint);
        break;
      case 'friendship':
        if (frame.event === 'removed') {
          // their side ended it: the history stays until the user deletes it
          this.outbound.forget(frame.user);
        }
        void this.contacts.refreshRequests();
        if (frame.event === 'created' || frame.event === 'removed') void this.contacts.refreshFriends();
        break;
      case 'pong':
        break;
    }
  }

  /** Republishes my bundle when the server's current one is not my identity's (e.g. replaced elsewhere). */
  private async checkOwnBundle(): Promise<void> {
    try {
      let current: KeyBundleView | null = null;
      try {
        current = await this.api.getBundle(this.username);
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
      }
      const mine = this.identity.bundle;
      if (
        this.alive &&
        (!current || current.encPublicKey !== mine.encPublicKey || current.signPublicKey !== mine.signPublicKey)
      ) {
        await this.api.publishBundle(mine);
      }
    } catch {
      warn('could not check my published key bundle');
    }
  }
}
