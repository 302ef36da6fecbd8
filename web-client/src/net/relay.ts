/**
 * The relay WebSocket (docs/protocol.md): a single-use ticket, then `/ws?ticket=…` on the page's origin.
 *
 * - Typed frames in both directions; anything that does not parse as a known server frame is ignored.
 * - Reconnects after any close other than 4001/4002 with exponential backoff (1 s doubling to 30 s, with jitter) and a
 *   fresh ticket each time. 4001 (another tab or device took over) → state 'replaced' and no automatic reconnect;
 *   4002 (signed out) → stop.
 * - An application-level ping every 25 s; a connection that answered nothing since the previous ping is dead and is
 *   replaced.
 * - Sends stay in an outbox until the relay answers `accepted` or `rejected` (or they time out); everything still in
 *   the outbox is sent again, with the same ids and in the same order, when a new connection opens. The relay's
 *   idempotent send makes that safe.
 *
 * Frame bodies are ciphertext and are never logged.
 */

export type RelayState = 'offline' | 'connecting' | 'online' | 'replaced';

export type ServerFrame =
  | { type: 'accepted'; id: string; seq: number }
  | { type: 'rejected'; id?: string; code: string; reason: string }
  | { type: 'deliver'; id: string; from: string; seq: number; sentAt: string; body: string }
  | { type: 'presence'; user: string; online: boolean; lastActive: string | null }
  | { type: 'key-changed'; user: string; fingerprint: string }
  | { type: 'friendship'; event: 'requested' | 'declined' | 'created' | 'removed'; user: string }
  | { type: 'pong' };

export type ClientFrame =
  | { type: 'send'; id: string; to: string; body: string }
  | { type: 'ack'; id: string }
  | { type: 'ping' };

/** The part of the browser's WebSocket the client uses (a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;
export const CLOSE_REPLACED = 4001;
export const CLOSE_SIGNED_OUT = 4002;
/** A client-chosen close code (browsers allow 1000 and 3000–4999) for a connection we gave up on. */
const CLOSE_DEAD = 4000;

const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses and shape-checks one server frame; null for anything else. */
export function parseFrame(text: unknown): ServerFrame | null {
  if (!str(text)) return null;
  let f: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    f = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  switch (f.type) {
    case 'accepted':
      return str(f.id) && num(f.seq) ? { type: 'accepted', id: f.id, seq: f.seq } : null;
    case 'rejected':
      if (f.id !== undefined && f.id !== null && !str(f.id)) return null;
      return {
        type: 'rejected',
        ...(str(f.id) ? { id: f.id } : {}),
        code: str(f.code) ? f.code : 'unknown',
        reason: str(f.reason) ? f.reason : '',
      };
    case 'deliver':
      return str(f.id) && str(f.from) && num(f.seq) && str(f.body)
        ? { type: 'deliver', id: f.id, from: f.from, seq: f.seq, sentAt: str(f.sentAt) ? f.sentAt : '', body: f.body }
        : null;
    case 'presence':
      return str(f.user) && typeof f.online === 'boolean'
        ? { type: 'presence', user: f.user, online: f.online, lastActive: str(f.lastActive) ? f.lastActive : null }
        : null;
    case 'key-changed':
      return str(f.user) ? { type: 'key-changed', user: f.user, fingerprint: str(f.fingerprint) ? f.fingerprint : '' } : null;
    case 'friendship':
      return str(f.user) && (f.event === 'requested' || f.event === 'declined' || f.event === 'created' || f.event === 'removed')
        ? { type: 'friendship', event: f.event, user: f.user }
        : null;
    case 'pong':
      return { type: 'pong' };
    default:
      return null;
  }
}

/** Delay before reconnect attempt `attempt` (0-based): min·2^attempt capped at max, then jittered down to half. */
export function backoffDelay(attempt: number, random: () => number = Math.random, minMs = 1000, maxMs = 30_000): number {
  const cap = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.max(minMs, Math.round(cap * (0.5 + 0.5 * random())));
}

export function defaultRelayUrl(ticket: string): string {
  return `${location.origin.replace(/^http/, 'ws')}/ws?ticket=${encodeURIComponent(ticket)}`;
}

export interface RelayOptions {
  /** a fresh single-use ticket (POST /api/relay/ticket) */
  ticket: () => Promise<string>;
  onFrame: (frame: ServerFrame) => void;
  onState?: (state: RelayState) => void;
  /** a send that was neither accepted nor rejected in time (it left the outbox) */
  onSendTimeout?: (id: string) => void;
  url?: (ticket: string) => string;
  socket?: SocketFactory;
  random?: () => number;
  pingIntervalMs?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  sendTimeoutMs?: number;
}

interface Pending {
  frame: string;
  timer: ReturnType<typeof setTimeout>;
}

export class RelayClient {
  private ws: SocketLike | null = null;
  private running = false;
  private generation = 0;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private answered = true;
  private readonly outbox = new Map<string, Pending>();
  private current: RelayState = 'offline';

  constructor(private readonly opts: RelayOptions) {}

  get state(): RelayState {
    return this.current;
  }

  /** ids sent but not yet answered, in send order */
  get unanswered(): string[] {
    return [...this.outbox.keys()];
  }

  /** Connects (and keeps reconnecting) until stop(), 4001 or 4002. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    void this.connect();
  }

  /** After 'replaced' (or a stop): take the connection back now. */
  takeOver(): void {
    this.running = false;
    this.dropSocket(1000);
    this.clearReconnect();
    this.start();
  }

  /** Closes for good and forgets the outbox. */
  stop(): void {
    this.running = false;
    this.generation++;
    this.clearReconnect();
    this.dropSocket(1000);
    for (const pending of this.outbox.values()) clearTimeout(pending.timer);
    this.outbox.clear();
    this.setState('offline');
  }

  /** Queues an envelope; sending an id again replaces its frame (a retry keeps the id). */
  send(id: string, to: string, body: string): void {
    const frame = JSON.stringify({ type: 'send', id, to, body } satisfies ClientFrame);
    const old = this.outbox.get(id);
    if (old) {
      clearTimeout(old.timer);
      this.outbox.delete(id);
    }
    const timer = setTimeout(() => {
      if (this.outbox.get(id)?.timer === timer) {
        this.outbox.delete(id);
        this.opts.onSendTimeout?.(id);
      }
    }, this.opts.sendTimeoutMs ?? 30_000);
    this.outbox.set(id, { frame, timer });
    this.write(frame);
  }

  /** Tells the relay a delivered envelope is stored. Without a connection it is simply delivered again later. */
  ack(id: string): void {
    this.write(JSON.stringify({ type: 'ack', id } satisfies ClientFrame));
  }

  private write(frame: string): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== OPEN || this.current !== 'online') return false;
    try {
      ws.send(frame);
      return true;
    } catch {
      return false;
    }
  }

  private setState(state: RelayState): void {
    if (this.current === state) return;
    this.current = state;
    this.opts.onState?.(state);
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.reconnectTimer = null;
    this.setState('connecting');
    let ticket: string;
    try {
      ticket = await this.opts.ticket();
    } catch {
      if (gen === this.generation && this.running) this.scheduleReconnect();
      return;
    }
    if (gen !== this.generation || !this.running) return;
    let ws: SocketLike;
    try {
      ws = (this.opts.socket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike))(
        (this.opts.url ?? defaultRelayUrl)(ticket),
      );
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (gen !== this.generation) return;
      this.attempt = 0;
      this.setState('online');
      // the unanswered sends first, in their original order
      for (const pending of this.outbox.values()) this.write(pending.frame);
      this.startPing(gen);
    };
    ws.onmessage = (ev) => {
      if (gen !== this.generation) return;
      this.answered = true;
      const frame = parseFrame(ev.data);
      if (frame) this.handle(frame);
    };
    ws.onerror = () => {
      /* a close event follows */
    };
    ws.onclose = (ev) => {
      if (gen !== this.generation) return;
      this.ws = null;
      this.stopPing();
      if (ev.code === CLOSE_REPLACED) {
        this.running = false;
        this.setState('replaced');
      } else if (ev.code === CLOSE_SIGNED_OUT) {
        this.running = false;
        this.setState('offline');
      } else if (this.running) {
        this.scheduleReconnect();
      } else {
        this.setState('offline');
      }
    };
  }

  private handle(frame: ServerFrame): void {
    if (frame.type === 'accepted' || (frame.type === 'rejected' && frame.id !== undefined)) {
      const pending = this.outbox.get(frame.id!);
      if (pending) {
        clearTimeout(pending.timer);
        this.outbox.delete(frame.id!);
      }
    }
    this.opts.onFrame(frame);
  }

  private scheduleReconnect(): void {
    this.dropSocket(CLOSE_DEAD);
    this.setState('offline');
    this.clearReconnect();
    const delay = backoffDelay(this.attempt++, this.opts.random, this.opts.minDelayMs, this.opts.maxDelayMs);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private startPing(gen: number): void {
    this.stopPing();
    this.answered = true;
    this.pingTimer = setInterval(() => {
      if (gen !== this.generation) return;
      if (!this.answered) {
        // nothing came back since the last ping: the connection is dead even if the browser has not noticed
        this.generation++;
        this.stopPing();
        if (this.running) this.scheduleReconnect();
        return;
      }
      this.answered = false;
      this.write(JSON.stringify({ type: 'ping' } satisfies ClientFrame));
    }, this.opts.pingIntervalMs ?? 25_000);
  }

  private stopPing(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  /** Detaches and closes the current socket without letting its events reach us. */
  private dropSocket(code: number): void {
    const ws = this.ws;
    this.ws = null;
    this.stopPing();
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onerror = null;
    ws.onclose = null;
    try {
      ws.close(code);
    } catch {
      /* already closed */
    }
  }
}
