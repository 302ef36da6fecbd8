import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, parseFrame, RelayClient, type RelayState, type ServerFrame, type SocketLike } from './relay';

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  frame(f: object) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  sends() {
    return this.sent.map((s) => JSON.parse(s)).filter((f) => f.type === 'send');
  }
}

const last = () => FakeSocket.all[FakeSocket.all.length - 1];

function client(extra: Partial<ConstructorParameters<typeof RelayClient>[0]> = {}) {
  const frames: ServerFrame[] = [];
  const states: RelayState[] = [];
  const timeouts: string[] = [];
  let tickets = 0;
  const relay = new RelayClient({
    ticket: async () => `t${++tickets}`,
    url: (t) => `ws://test/ws?ticket=${t}`,
    socket: (url) => new FakeSocket(url),
    onFrame: (f) => frames.push(f),
    onState: (s) => states.push(s),
    onSendTimeout: (id) => timeouts.push(id),
    random: () => 1,
    ...extra,
  });
  return { relay, frames, states, timeouts, tickets: () => tickets };
}

/** Lets the ticket promise resolve. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('frames', () => {
  it('parses known frames and ignores the rest', () => {
    expect(parseFrame('{"type":"accepted","id":"a","seq":3}')).toEqual({ type: 'accepted', id: 'a', seq: 3 });
    expect(parseFrame('{"type":"deliver","id":"a","from":"bob","seq":1,"sentAt":"2026-01-01T00:00:00Z","body":"QQ=="}')).toMatchObject({
      type: 'deliver',
      from: 'bob',
    });
    expect(parseFrame('{"type":"rejected","code":"bad-frame","reason":"not JSON"}')).toEqual({
      type: 'rejected',
      code: 'bad-frame',
      reason: 'not JSON',
    });
    expect(parseFrame('{"type":"presence","user":"bob","online":true}')).toEqual({
      type: 'presence',
      user: 'bob',
      online: true,
      lastActive: null,
    });
    expect(parseFrame('{"type":"friendship","event":"exploded","user":"bob"}')).toBeNull();
    expect(parseFrame('{"type":"deliver","id":"a"}')).toBeNull();
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame('[1]')).toBeNull();
    expect(parseFrame('{"type":"unknown"}')).toBeNull();
  });
});

describe('backoff', () => {
  it('doubles from 1 s up to 30 s, jittered down to half at most', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(backoffDelay(0, () => 0)).toBe(1000);
    expect(backoffDelay(3, () => 0)).toBe(4000);
    expect(backoffDelay(20, () => 0)).toBe(15000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(i % 8);
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(30000);
    }
  });
});

describe('RelayClient', () => {
  it('connects with a ticket and goes online', async () => {
    const { relay, states } = client();
    relay.start();
    await settle();
    expect(last().url).toBe('ws://test/ws?ticket=t1');
    last().open();
    expect(states).toEqual(['connecting', 'online']);
    expect(relay.state).toBe('online');
  });

  it('reconnects with exponential backoff and a fresh ticket each time', async () => {
    const { relay, tickets } = client();
    relay.start();
    await settle();
    last().drop(); // never opened
    const expected = [1000, 2000, 4000, 8000, 16000, 30000, 30000];
    for (const delay of expected) {
      const before = FakeSocket.all.length;
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(FakeSocket.all.length).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeSocket.all.length).toBe(before + 1);
      last().drop(1011);
    }
    expect(tickets()).toBe(expected.length + 1);
    expect(new Set(FakeSocket.all.map((s) => s.url)).size).toBe(FakeSocket.all.length);
    // an opened connection resets the backoff
    await vi.advanceTimersByTimeAsync(30000);
    last().open();
    last().drop();
    const before = FakeSocket.all.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all.length).toBe(before + 1);
    relay.stop();
  });

  it('a failed ticket request is retried with backoff', async () => {
    let calls = 0;
    const { relay } = client({
      ticket: async () => {
        calls++;
        if (calls < 3) throw new Error('429');
        return 'ok';
      },
    });
    relay.start();
    await settle();
    expect(FakeSocket.all).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toBe(3);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('4001: replaced, no reconnect until takeOver()', async () => {
    const { relay, states } = client();
    relay.start();
    await settle();
    last().open();
    last().drop(4001);
    expect(relay.state).toBe('replaced');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.all).toHaveLength(1);
    relay.takeOver();
    await settle();
    expect(FakeSocket.all).toHaveLength(2);
    last().open();
    expect(states.slice(-3)).toEqual(['replaced', 'connecting', 'online']);
  });

  it('4002: stops', async () => {
    const { relay } = client();
    relay.start();
    await settle();
    last().open();
    last().drop(4002);
    expect(relay.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('unaccepted sends are sent again, same ids and order, after a reconnect; accepted ones are not', async () => {
    const { relay, frames } = client();
    relay.start();
    await settle();
    const first = last();
    first.open();
    relay.send('m1', 'bob', 'QQ==');
    relay.send('m2', 'bob', 'Qg==');
    relay.send('m3', 'carol', 'Qw==');
    expect(first.sends().map((f) => f.id)).toEqual(['m1', 'm2', 'm3']);
    first.frame({ type: 'accepted', id: 'm1', seq: 1 });
    expect(frames).toEqual([{ type: 'accepted', id: 'm1', seq: 1 }]);
    first.drop(1006);
    // sent while disconnected: queued
    relay.send('m4', 'bob', 'RA==');
    await vi.advanceTimersByTimeAsync(1000);
    const second = last();
    expect(second).not.toBe(first);
    second.open();
    expect(second.sends()).toEqual([
      { type: 'send', id: 'm2', to: 'bob', body: 'Qg==' },
      { type: 'send', id: 'm3', to: 'carol', body: 'Qw==' },
      { type: 'send', id: 'm4', to: 'bob', body: 'RA==' },
    ]);
    expect(relay.unanswered).toEqual(['m2', 'm3', 'm4']);
    second.frame({ type: 'rejected', id: 'm3', code: 'not-friends', reason: 'no' });
    second.frame({ type: 'accepted', id: 'm2', seq: 2 });
    expect(relay.unanswered).toEqual(['m4']);
  });

  it('a send answered neither way times out and leaves the outbox', async () => {
    const { relay, timeouts } = client({ sendTimeoutMs: 5000 });
    relay.start();
    await settle();
    last().open();
    relay.send('m1', 'bob', 'QQ==');
    await vi.advanceTimersByTimeAsync(4999);
    expect(timeouts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(timeouts).toEqual(['m1']);
    expect(relay.unanswered).toEqual([]);
  });

  it('a retry with the same id replaces the queued frame', async () => {
    const { relay } = client();
    relay.start();
    await settle();
    relay.send('m1', 'bob', 'old');
    relay.send('m1', 'bob', 'new');
    last().open();
    expect(last().sends()).toEqual([{ type: 'send', id: 'm1', to: 'bob', body: 'new' }]);
  });

  it('pings every 25 s and replaces a connection that stopped answering', async () => {
    const { relay } = client();
    relay.start();
    await settle();
    const ws = last();
    ws.open();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(ws.sent.map((s) => JSON.parse(s))).toEqual([{ type: 'ping' }]);
    ws.frame({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(25_000);
    expect(ws.sent).toHaveLength(2);
    // no pong this time: at the next tick the connection is given up
    await vi.advanceTimersByTimeAsync(25_000);
    expect(ws.closedWith).toBe(4000);
    expect(relay.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('acks go out only on an open connection; stop() closes and forgets', async () => {
    const { relay, states } = client();
    relay.start();
    await settle();
    relay.ack('x'); // not open yet: dropped (the relay delivers it again)
    last().open();
    relay.ack('y');
    expect(last().sent).toEqual(['{"type":"ack","id":"y"}']);
    relay.send('m', 'bob', 'QQ==');
    relay.stop();
    expect(last().closedWith).toBe(1000);
    expect(relay.unanswered).toEqual([]);
    expect(states.at(-1)).toBe('offline');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
