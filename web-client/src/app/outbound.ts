/**
 * Everything that leaves: messages, call signals and read receipts, sealed under the friend's outbound session and
 * handed to the relay one at a time (envelopes must leave in counter order, which the receiver's stale-counter check
 * relies on). A message's status follows the relay — accepted, delivered, failed — and never goes backwards.
 */
import { createSession, needsRotation, randomId, seal, encodeEnvelope, utf8, type OutboundSession, type PeerKeys } from '../crypto';
import type { ChatMessage, MediaContent, MessageContent } from '../common/message';
import { ActionError } from '../net/errors';
import type { ServerFrame } from '../net/relay';
import type { Contacts } from './contacts';
import { normalizeUsername, warn, type SessionContext } from './context';
import type { Conversations } from './conversations';
import type { Notice } from './model';
import { contentPayload, MAX_PAYLOAD_BYTES, MAX_RECEIPT_IDS, mediaContent, type Payload } from './payload';
import { SerialQueue } from './serial-queue';
import type { PeerTrust } from './trust';

const RECEIPT_DELAY_MS = 200;
/** relay rejections worth another try (a fresh seal, the same id) */
const TRANSIENT = new Set(['rate-limited', 'unavailable', 'queue-full']);
const MAX_TRANSIENT_RETRIES = 3;

type Rejected = Extract<ServerFrame, { type: 'rejected' }>;

interface PendingSend {
  peer: string;
  payload: Payload;
  /** a shown message (its status follows the relay), not a receipt or call signal */
  message: boolean;
  attempts: number;
}

/** A text message's content; refuses an empty one. */
export function textContent(text: string): MessageContent {
  if (typeof text !== 'string' || text.trim() === '') throw new ActionError(400, 'empty');
  return { kind: 'text', text };
}

/** A media message's content as the media module prepared it; refuses a malformed one. */
export function checkedMedia(content: MediaContent): MessageContent {
  const checked = mediaContent(content);
  if (!checked) throw new ActionError(400, 'malformed media content');
  return checked;
}

export class Outbound {
  private readonly sessions = new Map<string, OutboundSession>();
  private readonly sends = new Map<string, PendingSend>();
  /** seal+send, in counter order */
  private readonly queue = new SerialQueue();
  private readonly receipts = new Map<string, string[]>();
  private receiptTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: SessionContext,
    private readonly trust: PeerTrust,
    private readonly contacts: Contacts,
    private readonly conversations: Conversations,
  ) {}

  /** Whether a send of this id is in flight (a stored 'sending' message without one failed before). */
  isSending(id: string): boolean {
    return this.sends.has(id);
  }

  /** Drops the outbound session: the next message opens a new one. */
  forget(peer: string): void {
    this.sessions.delete(peer);
  }

  async sendMessage(to: string, content: MessageContent): Promise<void> {
    const peer = normalizeUsername(to);
    if (this.trust.isChanged(peer)) throw new ActionError(409, 'key-changed');
    const payload = contentPayload(content);
    if (utf8(JSON.stringify(payload)).length > MAX_PAYLOAD_BYTES) throw new ActionError(413, 'too-large');
    const msg: ChatMessage = { id: randomId(), peer, outgoing: true, at: Date.now(), status: 'sending', content };
    this.conversations.show(msg);
    await this.conversations.store(msg).catch(() => warn('could not store a sent message'));
    try {
      await this.transmit(peer, msg.id, payload, true);
    } catch (e) {
      this.conversations.setStatus(msg.id, 'failed');
      throw e;
    }
  }

  async sendCallSignal(to: string, signal: unknown): Promise<void> {
    if (!signal || typeof signal !== 'object') throw new ActionError(400, 'malformed call signal');
    const payload = { ...(signal as Record<string, unknown>), t: 'call' } as Payload;
    const peer = normalizeUsername(to);
    if (this.trust.isChanged(peer)) throw new ActionError(409, 'key-changed');
    await this.transmit(peer, randomId(), payload, false);
  }

  async retry(to: string, messageId: string): Promise<void> {
    const peer = normalizeUsername(to);
    if (this.trust.isChanged(peer)) throw new ActionError(409, 'key-changed');
    const msg = await this.conversations.find(messageId);
    if (!msg || msg.peer !== peer || !msg.outgoing) throw new ActionError(404, 'no such message');
    if (msg.status !== 'failed' && !(msg.status === 'sending' && !this.sends.has(msg.id))) return;
    // the same id, sealed again: a new counter, so it is not stale after later messages (the relay stores an id once)
    if (msg.status === 'failed') this.conversations.setStatus(msg.id, 'sending');
    try {
      await this.transmit(peer, msg.id, contentPayload(msg.content), true);
    } catch (e) {
      this.conversations.setStatus(msg.id, 'failed');
      throw e;
    }
  }

  /** A read receipt for a received message; batched for a moment so a burst of messages gets one receipt. */
  queueReceipt(peer: string, id: string): void {
    const ctx = this.ctx;
    const ids = this.receipts.get(peer) ?? [];
    ids.push(id);
    this.receipts.set(peer, ids);
    if (this.receiptTimer) return;
    this.receiptTimer = setTimeout(() => {
      this.receiptTimer = null;
      const all = [...this.receipts];
      this.receipts.clear();
      for (const [to, list] of all) {
        if (!ctx.alive || this.trust.isChanged(to)) continue;
        for (let i = 0; i < list.length; i += MAX_RECEIPT_IDS) {
          const batchIds = list.slice(i, i + MAX_RECEIPT_IDS);
          this.transmit(to, randomId(), { t: 'receipt', ids: batchIds }, false).catch(() => warn('could not send a receipt'));
        }
      }
    }, RECEIPT_DELAY_MS);
  }

  accepted(id: string): void {
    const pending = this.sends.get(id);
    this.sends.delete(id);
    // also a late 'accepted' for a message that had timed out
    if (!pending || pending.message) this.conversations.setStatus(id, 'accepted');
  }

  rejected(frame: Rejected): void {
    const ctx = this.ctx;
    if (frame.id === undefined) {
      warn(`relay rejected a frame: ${frame.code}`);
      return;
    }
    const id = frame.id;
    const pending = this.sends.get(id);
    if (!pending) return;
    // 'not-friends' right after a friendship began: the relay learns of friendships a moment after the friend
    // service does, so while the friend list says friends it is worth another try
    const lagging = frame.code === 'not-friends' && this.contacts.isFriend(pending.peer);
    if ((TRANSIENT.has(frame.code) || lagging) && pending.attempts < MAX_TRANSIENT_RETRIES) {
      pending.attempts++;
      setTimeout(() => {
        if (!ctx.alive || this.sends.get(id) !== pending) return;
        this.transmit(pending.peer, id, pending.payload, pending.message).catch(() => this.failed(id));
      }, 1000 * 2 ** (pending.attempts - 1));
      return;
    }
    warn(`relay rejected a message: ${frame.code}`);
    this.failed(
      id,
      frame.code === 'not-friends'
        ? { kind: 'error', key: 'notFriends', args: { user: pending.peer } }
        : { kind: 'error', key: 'sendFailed', args: { user: pending.peer } },
    );
  }

  /** No answer from the relay in time, or a send given up: a shown message becomes failed. */
  failed(id: string, notice?: Notice): void {
    const pending = this.sends.get(id);
    this.sends.delete(id);
    if (pending?.message) {
      this.conversations.setStatus(id, 'failed');
      if (notice) this.ctx.notify(notice);
    }
  }

  /** A receipt arrived for this id: nothing more to wait for. */
  settled(id: string): void {
    this.sends.delete(id);
  }

  close(): void {
    if (this.receiptTimer) clearTimeout(this.receiptTimer);
    this.sessions.clear();
    this.sends.clear();
  }

  /** Seals a payload for a friend and hands it to the relay, after every send queued before it. */
  private transmit(peer: string, id: string, payload: Payload, message: boolean): Promise<void> {
    const ctx = this.ctx;
    const attempts = this.sends.get(id)?.attempts ?? 0;
    this.sends.set(id, { peer, payload, message, attempts });
    return this.queue
      .run(async () => {
        if (!ctx.alive) throw new ActionError(409, 'locked');
        if (this.trust.isChanged(peer)) throw new ActionError(409, 'key-changed');
        let keys: PeerKeys;
        try {
          keys = await this.trust.ensurePeer(peer);
        } catch (e) {
          throw e instanceof ActionError ? e : new ActionError(422, 'no usable key for this friend');
        }
        let session = this.sessions.get(peer);
        if (!session || needsRotation(session, keys.fingerprint)) {
          session = await createSession(ctx.identity, keys);
          this.sessions.set(peer, session);
        }
        const envelope = await seal(ctx.identity, session, id, utf8(JSON.stringify(payload)));
        if (!ctx.alive) throw new ActionError(409, 'locked');
        ctx.relay.send(id, peer, encodeEnvelope(envelope));
      })
      .catch((e) => {
        this.sends.delete(id);
        throw e;
      });
  }
}
