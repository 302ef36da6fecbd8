/**
 * Everything that arrives: relay `deliver` frames processed one at a time in relay order — verified, decrypted,
 * stored, then acknowledged (an envelope is acked only once it is safe in the cache). Envelopes under a changed key,
 * or while the key directory is out of reach, are held unacknowledged and replayed in their order later.
 */
import {
  decodeEnvelope,
  fromUtf8,
  RejectedEnvelopeError,
  type Receiver,
  type PeerKeys,
} from '../crypto';
import type { ChatMessage } from '../common/message';
import { ActionError } from '../net/errors';
import type { ServerFrame } from '../net/relay';
import { warn, type SessionContext } from './context';
import type { Conversations } from './conversations';
import type { Outbound } from './outbound';
import { parsePayload, payloadContent } from './payload';
import { SerialQueue } from './serial-queue';
import type { PeerTrust } from './trust';

export type Deliver = Extract<ServerFrame, { type: 'deliver' }>;

/** the replay state changed and is written shortly (not once per message: it holds thousands of ids) */
const REPLAY_SAVE_MS = 500;
/** how long envelopes wait when the sender's keys could not be fetched */
const KEYS_RETRY_MS = 5000;
/** ids of envelopes processed on this unlock (receipts and call signals are not in the cache), bounded */
const MAX_PROCESSED = 10_000;

export class Inbound {
  /** envelopes under a changed key, unacknowledged until the change is accepted */
  private readonly held = new Map<string, Deliver[]>();
  private readonly processed = new Set<string>();
  /** inbound envelopes, in relay order */
  private readonly queue = new SerialQueue();
  private replayTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: SessionContext,
    private readonly receiver: Receiver,
    private readonly trust: PeerTrust,
    private readonly conversations: Conversations,
    private readonly outbound: Outbound,
    private readonly onCallSignal: (peer: string, signal: unknown) => void,
  ) {}

  enqueue(frame: Deliver): void {
    void this.queue.run(() => this.receive(frame).catch(() => warn('could not process an envelope')));
  }

  /** Processes the envelopes that waited for the sender's keys, in their order. */
  release(peer: string): void {
    const held = this.held.get(peer) ?? [];
    this.held.delete(peer);
    for (const frame of held) this.enqueue(frame);
  }

  /** Forgets what a friend's envelopes waited for (the friendship is over). */
  drop(peer: string): void {
    this.held.delete(peer);
  }

  /** Settles once every envelope queued so far is processed. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** The session is over: write the replay state now if it was waiting, forget what was held. */
  close(): void {
    if (this.replayTimer) {
      clearTimeout(this.replayTimer);
      this.saveReplay();
    }
    this.held.clear();
  }

  private hold(frame: Deliver): void {
    const held = this.held.get(frame.from) ?? [];
    if (!held.some((f) => f.id === frame.id)) held.push(frame);
    this.held.set(frame.from, held);
  }

  /** Writes the Receiver's replay state (after the message writes queued before it). */
  private saveReplay(): void {
    this.replayTimer = null;
    const state = this.receiver.exportState();
    void this.ctx.io.run(() => this.ctx.store.putReplay(state).catch(() => warn('could not store the replay state')));
  }

  /** One delivered envelope: verify, decrypt, store, then ack (then a receipt for a message). */
  private async receive(frame: Deliver): Promise<void> {
    const ctx = this.ctx;
    if (!ctx.alive) return;
    const from = frame.from;
    const ack = () => {
      if (ctx.alive) ctx.relay.ack(frame.id);
    };
    if (this.processed.has(frame.id) || (await ctx.store.hasMessage(frame.id))) {
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
    if (this.trust.isChanged(from) || this.held.get(from)?.length) {
      this.hold(frame);
      return;
    }
    let keys: PeerKeys;
    try {
      keys = await this.trust.ensurePeer(from);
    } catch (e) {
      if (e instanceof ActionError && (e.status === 0 || e.status === 429 || e.status >= 500)) {
        // the key directory is out of reach: keep it (unacknowledged) and try again shortly
        warn('sender keys unavailable; envelope kept for later');
        this.hold(frame);
        setTimeout(() => {
          if (ctx.alive && !this.trust.isChanged(from)) this.release(from);
        }, KEYS_RETRY_MS);
        return;
      }
      warn('envelope rejected: no usable sender key');
      ack();
      return;
    }
    if (envelope.kx.fromFp !== keys.fingerprint) {
      await this.trust.checkKey(from);
      if (!ctx.alive) return;
      if (this.trust.isChanged(from)) {
        this.hold(frame);
        return;
      }
      keys = this.trust.known(from) ?? keys;
    }
    let plain: Uint8Array;
    try {
      plain = await this.receiver.open(from, frame.id, envelope, keys);
    } catch (e) {
      warn(`envelope rejected: ${e instanceof RejectedEnvelopeError ? e.reason : 'error'}`);
      ack();
      return;
    }
    if (!ctx.alive) return;
    this.processed.add(frame.id);
    if (this.processed.size > MAX_PROCESSED) this.processed.delete(this.processed.values().next().value as string);
    if (!this.replayTimer) this.replayTimer = setTimeout(() => this.saveReplay(), REPLAY_SAVE_MS);
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
      await this.conversations.store(msg);
      if (!ctx.alive) return;
      ack();
      this.conversations.show(msg);
      this.outbound.queueReceipt(from, frame.id);
      return;
    }
    ack();
    if (payload.t === 'receipt') {
      for (const id of payload.ids) this.markDelivered(from, id);
    } else if (payload.t === 'call') {
      try {
        this.onCallSignal(from, payload);
      } catch {
        warn('the call signal handler failed');
      }
    }
  }

  /** A receipt from `peer`: only that peer's own outgoing messages to them can become delivered. */
  private markDelivered(peer: string, id: string): void {
    if (this.conversations.markDelivered(peer, id)) this.outbound.settled(id);
  }
}
