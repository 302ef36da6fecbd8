/**
 * The conversation list and the open conversation's messages: on screen (signals) and in the encrypted cache, every
 * write through the session's one write queue so a message's later status never lands before the message itself.
 */
import { batch, computed, signal, type Signal } from '@preact/signals';
import type { ChatMessage, MessageStatus } from '../common/message';
import type { AccountStore, ConversationMeta } from '../store/db';
import { warn, type SessionContext } from './context';
import type { Conversation } from './model';

export interface ConvState {
  peer: string;
  last: ChatMessage | null;
  unread: number;
  hidden: boolean;
  /** sort key: the last message's time, or when the conversation was opened */
  updated: number;
}

const STATUS_RANK: Record<MessageStatus, number> = { sending: 0, failed: 0, accepted: 1, delivered: 2, received: 0 };

/** Whether an outgoing message may go from one status to another (never backwards). */
export function canMove(from: MessageStatus, to: MessageStatus): boolean {
  if (from === to || from === 'received') return false;
  if (to === 'sending') return from === 'failed';
  if (to === 'failed') return from === 'sending';
  return STATUS_RANK[to] > STATUS_RANK[from];
}

/** The conversations the cache knows, each with its last message; one still 'sending' from before shows as failed. */
export async function loadConversations(store: AccountStore, key: CryptoKey): Promise<Map<string, ConvState>> {
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

export class Conversations {
  private readonly convs: Signal<ReadonlyMap<string, ConvState>>;
  /** messages of the open conversation, oldest first */
  readonly messages = signal<ChatMessage[]>([]);
  readonly activePeer = signal<string | null>(null);
  /** visible (not hidden) conversations, newest first */
  readonly list = computed<Conversation[]>(() =>
    [...this.convs.value.values()]
      .filter((c) => !c.hidden)
      .sort((a, b) => b.updated - a.updated || a.peer.localeCompare(b.peer))
      .map((c) => ({ peer: c.peer, last: c.last, unread: c.unread, hidden: c.hidden })),
  );

  constructor(
    private readonly ctx: SessionContext,
    convs: Map<string, ConvState>,
  ) {
    this.convs = signal<ReadonlyMap<string, ConvState>>(convs);
  }

  /** Opens the conversation (marks it read, un-hides it) and loads its history; `sending` tells a live send. */
  async open(peer: string, sending: (id: string) => boolean): Promise<void> {
    const ctx = this.ctx;
    batch(() => {
      this.activePeer.value = peer;
      this.messages.value = [];
      this.update(peer, (c) => ({ ...c, unread: 0, hidden: false }));
    });
    void this.saveMeta(peer);
    const loaded = await ctx.store.loadMessages(ctx.cacheKey, peer);
    if (!ctx.alive || this.activePeer.value !== peer) return;
    const shown = loaded.map((m) => (m.status === 'sending' && !sending(m.id) ? { ...m, status: 'failed' as const } : m));
    const ids = new Set(shown.map((m) => m.id));
    // messages that arrived while loading
    this.messages.value = [...shown, ...this.messages.value.filter((m) => !ids.has(m.id))];
  }

  close(): void {
    batch(() => {
      this.activePeer.value = null;
      this.messages.value = [];
    });
  }

  async hide(peer: string): Promise<void> {
    this.update(peer, (c) => ({ ...c, hidden: true }));
    await this.saveMeta(peer);
  }

  async deleteHistory(peer: string): Promise<void> {
    await this.wipe(peer);
    if (this.activePeer.value === peer) this.messages.value = [];
  }

  /** Forgets the conversation, on screen and in the cache. */
  async wipe(peer: string): Promise<void> {
    const convs = new Map(this.convs.value);
    convs.delete(peer);
    this.convs.value = convs;
    await this.ctx.io.run(() => this.ctx.store.wipeConversation(peer));
  }

  /** Shows a new message: the open conversation's list, the conversation's last message, unread and hidden. */
  show(msg: ChatMessage): void {
    const open = this.activePeer.value === msg.peer;
    batch(() => {
      if (open) this.messages.value = [...this.messages.value.filter((m) => m.id !== msg.id), msg];
      this.update(msg.peer, (c) => ({
        ...c,
        last: msg,
        hidden: false,
        unread: !msg.outgoing && !open ? c.unread + 1 : c.unread,
        updated: Math.max(c.updated, msg.at),
      }));
    });
    void this.saveMeta(msg.peer);
  }

  /** Writes a message to the cache (serialised with every other message write). */
  store(msg: ChatMessage): Promise<void> {
    return this.ctx.io.run(() => this.ctx.store.putMessage(this.ctx.cacheKey, msg));
  }

  /** A message by id: the open conversation's, else the cached one. */
  async find(id: string): Promise<ChatMessage | null> {
    return this.messages.value.find((m) => m.id === id) ?? (await this.ctx.store.getMessage(this.ctx.cacheKey, id));
  }

  /** Moves an outgoing message's status forward, on screen and in the cache. */
  setStatus(id: string, status: MessageStatus): void {
    batch(() => {
      const msgs = this.messages.value;
      const i = msgs.findIndex((m) => m.id === id && m.outgoing);
      if (i >= 0 && canMove(msgs[i].status, status)) {
        const copy = msgs.slice();
        copy[i] = { ...msgs[i], status };
        this.messages.value = copy;
      }
      for (const c of this.convs.value.values()) {
        if (c.last?.id === id && c.last.outgoing && canMove(c.last.status, status)) {
          const last = { ...c.last, status };
          this.update(c.peer, (x) => ({ ...x, last }));
        }
      }
    });
    void this.ctx.io.run(() => this.moveStored(id, status)).catch(() => undefined);
  }

  /**
   * A receipt from `peer`: only that peer's own outgoing messages can become delivered. False (and nothing changed)
   * when the id is another peer's message.
   */
  markDelivered(peer: string, id: string): boolean {
    const shown = this.messages.value.find((m) => m.id === id);
    const last = this.convs.value.get(peer)?.last;
    if ((shown && shown.peer !== peer) || (last?.id === id && last.peer !== peer)) return false;
    batch(() => {
      if (shown && shown.outgoing && canMove(shown.status, 'delivered')) {
        this.messages.value = this.messages.value.map((m) => (m.id === id ? { ...m, status: 'delivered' } : m));
      }
      if (last && last.id === id && last.outgoing && canMove(last.status, 'delivered')) {
        this.update(peer, (c) => ({ ...c, last: { ...last, status: 'delivered' } }));
      }
    });
    void this.ctx.io.run(() => this.moveStored(id, 'delivered', peer)).catch(() => undefined);
    return true;
  }

  private async moveStored(id: string, status: MessageStatus, peer?: string): Promise<void> {
    const ctx = this.ctx;
    const stored = await ctx.store.getMessage(ctx.cacheKey, id);
    if (stored && (peer === undefined || stored.peer === peer) && stored.outgoing && canMove(stored.status, status)) {
      await ctx.store.putMessage(ctx.cacheKey, { ...stored, status });
    }
  }

  /** Updates (or creates) a conversation's state. */
  private update(peer: string, f: (c: ConvState) => ConvState): void {
    const convs = new Map(this.convs.value);
    const current = convs.get(peer) ?? { peer, last: null, unread: 0, hidden: false, updated: Date.now() };
    convs.set(peer, f(current));
    this.convs.value = convs;
  }

  private saveMeta(peer: string): Promise<void> {
    const c = this.convs.value.get(peer);
    if (!c) return Promise.resolve();
    const meta: ConversationMeta = { peer, hidden: c.hidden, unread: c.unread };
    return this.ctx.io.run(() => this.ctx.store.putConversation(meta)).catch(() => warn('could not store a conversation'));
  }
}
