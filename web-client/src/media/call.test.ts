import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallController, isCallSignal, type CallSignal, type CallState } from './call';

class FakeTrack {
  enabled = true;
  stopped = false;
  stop() {
    this.stopped = true;
  }
}
class FakeStream {
  tracks = [new FakeTrack()];
  getTracks() {
    return this.tracks;
  }
  getAudioTracks() {
    return this.tracks;
  }
}

/** Enough of RTCPeerConnection for the signalling logic; candidates and connection state are driven by the test. */
class FakePc {
  static all: FakePc[] = [];
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  connectionState: RTCPeerConnectionState = 'new';
  closed = false;
  tracks: unknown[] = [];
  added: RTCIceCandidateInit[] = [];
  onicecandidate: ((e: { candidate: { candidate: string; toJSON(): RTCIceCandidateInit } | null }) => void) | null = null;
  ontrack: ((e: unknown) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  constructor(readonly config: RTCConfiguration) {
    FakePc.all.push(this);
  }
  addTrack(t: unknown) {
    this.tracks.push(t);
  }
  async createOffer() {
    return { type: 'offer' as const, sdp: 'v=0 offer' };
  }
  async createAnswer() {
    return { type: 'answer' as const, sdp: 'v=0 answer' };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit) {
    this.localDescription = d;
    // gathering starts: a candidate may come before the caller got round to sending the description
    this.candidate(`host-${d.type}-1`);
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit) {
    this.remoteDescription = d;
  }
  async addIceCandidate(c: RTCIceCandidateInit) {
    this.added.push(c);
  }
  candidate(c: string | null) {
    this.onicecandidate?.({ candidate: c === null ? null : { candidate: c, toJSON: () => ({ candidate: c, sdpMid: '0' }) } });
  }
  setState(s: RTCPeerConnectionState) {
    this.connectionState = s;
    this.onconnectionstatechange?.();
  }
  close() {
    this.closed = true;
  }
}

interface Side {
  ctl: CallController;
  sent: { peer: string; signal: CallSignal }[];
  states: CallState[];
  streams: FakeStream[];
}

function side(iceServers: RTCIceServer[] = [{ urls: ['stun:stun.example'] }]): Side {
  const s: Side = { sent: [], states: [], streams: [] } as unknown as Side;
  s.ctl = new CallController({
    sendSignal: async (peer, signal) => {
      s.sent.push({ peer, signal });
    },
    iceServers: async () => iceServers,
    onState: (st) => s.states.push(st),
    getUserMedia: async () => {
      const m = new FakeStream();
      s.streams.push(m);
      return m as unknown as MediaStream;
    },
    createPeerConnection: (config) => new FakePc(config) as unknown as RTCPeerConnection,
  });
  return s;
}

const phases = (s: Side) => s.states.map((x) => (x.phase === 'ended' ? `ended:${x.reason}` : x.phase));
const kinds = (s: Side) => s.sent.map((x) => x.signal.kind);
const pcOf = (s: Side) => s.ctl.pc as unknown as FakePc;
/** lets queued promise continuations (sendSignal chain, awaits inside the controller) run */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** Delivers everything `from` sent since `seen` to `to`. */
async function deliver(from: Side, fromName: string, to: Side, seen: { n: number }) {
  while (seen.n < from.sent.length) {
    await to.ctl.handleSignal(fromName, from.sent[seen.n++].signal);
  }
  await settle();
}

beforeEach(() => {
  vi.useFakeTimers();
  FakePc.all = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('CallController', () => {
  it('connects a call both ways, sends descriptions before their candidates, and hangs up', async () => {
    const alice = side();
    const bob = side();
    const a2b = { n: 0 };
    const b2a = { n: 0 };

    await alice.ctl.call('bob');
    await settle();
    expect(kinds(alice)).toEqual(['offer', 'ice']); // the early candidate waited for the offer
    expect(pcOf(alice).config.iceServers).toEqual([{ urls: ['stun:stun.example'] }]);
    const callId = alice.sent[0].signal.callId;
    expect(alice.sent.every((x) => x.peer === 'bob' && x.signal.callId === callId)).toBe(true);

    await deliver(alice, 'alice', bob, a2b);
    expect(bob.ctl.state).toEqual({ phase: 'ringing', peer: 'alice', callId });
    expect(bob.ctl.pc).toBeNull(); // no microphone before the user accepts

    await bob.ctl.accept();
    await settle();
    const bobPc = pcOf(bob);
    expect(bobPc.remoteDescription).toEqual({ type: 'offer', sdp: 'v=0 offer' });
    expect(bobPc.added).toEqual([{ candidate: 'host-offer-1', sdpMid: '0' }]); // buffered while ringing
    expect(kinds(bob)).toEqual(['answer', 'ice']);

    await deliver(bob, 'bob', alice, b2a);
    expect(alice.ctl.state.phase).toBe('connecting');
    expect(pcOf(alice).remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 answer' });
    expect(pcOf(alice).added).toEqual([{ candidate: 'host-answer-1', sdpMid: '0' }]);

    // later candidates go straight through
    pcOf(alice).candidate('srflx-2');
    pcOf(alice).candidate(null); // end of candidates: not sent
    await settle();
    await deliver(alice, 'alice', bob, a2b);
    expect(bobPc.added.map((c) => c.candidate)).toEqual(['host-offer-1', 'srflx-2']);

    pcOf(alice).setState('connected');
    bobPc.setState('connected');
    expect(alice.ctl.state.phase).toBe('connected');
    expect(bob.ctl.state.phase).toBe('connected');
    // connected calls do not time out
    await vi.advanceTimersByTimeAsync(120_000);
    expect(alice.ctl.state.phase).toBe('connected');

    alice.ctl.setMuted(true);
    expect(alice.streams[0].tracks[0].enabled).toBe(false);
    alice.ctl.setMuted(false);
    expect(alice.streams[0].tracks[0].enabled).toBe(true);

    const alicePc = pcOf(alice);
    alice.ctl.hangup();
    await settle();
    await deliver(alice, 'alice', bob, a2b);
    expect(phases(alice)).toEqual(['calling', 'connecting', 'connected', 'ended:hangup']);
    expect(phases(bob)).toEqual(['ringing', 'connecting', 'connected', 'ended:hangup']);
    expect(alicePc.closed && bobPc.closed).toBe(true);
    expect(alice.streams[0].tracks[0].stopped && bob.streams[0].tracks[0].stopped).toBe(true);
    expect(alice.ctl.localStream).toBeNull();
  });

  it('times out an unanswered call after 30 s and tells the callee', async () => {
    const alice = side();
    const bob = side();
    await alice.ctl.call('bob');
    await settle();
    await deliver(alice, 'alice', bob, { n: 0 });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(alice.ctl.state.phase).toBe('calling');
    await vi.advanceTimersByTimeAsync(1);
    expect(alice.ctl.state).toMatchObject({ phase: 'ended', reason: 'timeout' });
    expect(alice.sent.at(-1)!.signal).toMatchObject({ kind: 'hangup', reason: 'timeout' });
    expect(pcOf(alice).closed).toBe(true);
    expect(alice.streams[0].tracks[0].stopped).toBe(true);

    await bob.ctl.handleSignal('alice', alice.sent.at(-1)!.signal);
    expect(bob.ctl.state).toMatchObject({ phase: 'ended', reason: 'timeout' });
  });

  it('stops ringing by itself after 30 s', async () => {
    const bob = side();
    await bob.ctl.handleSignal('alice', { t: 'call', kind: 'offer', callId: 'c1', sdp: 'v=0' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(bob.ctl.state).toMatchObject({ phase: 'ended', reason: 'timeout' });
    expect(bob.sent).toEqual([]);
  });

  it('answers a second offer with busy, while ringing and while in a call', async () => {
    const bob = side();
    await bob.ctl.handleSignal('alice', { t: 'call', kind: 'offer', callId: 'c1', sdp: 'v=0' });
    await bob.ctl.handleSignal('carol', { t: 'call', kind: 'offer', callId: 'c2', sdp: 'v=0' });
    await settle();
    expect(bob.sent).toEqual([{ peer: 'carol', signal: { t: 'call', kind: 'busy', callId: 'c2' } }]);
    expect(bob.ctl.state).toEqual({ phase: 'ringing', peer: 'alice', callId: 'c1' });
    // signals of the other call do not disturb this one
    await bob.ctl.handleSignal('carol', { t: 'call', kind: 'hangup', callId: 'c2' });
    await bob.ctl.handleSignal('carol', { t: 'call', kind: 'hangup', callId: 'c1' });
    expect(bob.ctl.state.phase).toBe('ringing');
    // a repeated offer of the same call is ignored
    await bob.ctl.handleSignal('alice', { t: 'call', kind: 'offer', callId: 'c1', sdp: 'v=0' });
    await settle();
    expect(bob.sent).toHaveLength(1);

    await bob.ctl.accept();
    await bob.ctl.handleSignal('dave', { t: 'call', kind: 'offer', callId: 'c3', sdp: 'v=0' });
    await settle();
    expect(bob.sent.at(-1)).toEqual({ peer: 'dave', signal: { t: 'call', kind: 'busy', callId: 'c3' } });
    expect(bob.ctl.state.phase).toBe('connecting');
  });

  it('ends as busy or declined when the callee says so', async () => {
    const alice = side();
    await alice.ctl.call('bob');
    await settle();
    const callId = alice.sent[0].signal.callId;
    await alice.ctl.handleSignal('bob', { t: 'call', kind: 'busy', callId });
    expect(alice.ctl.state).toMatchObject({ phase: 'ended', reason: 'busy' });

    await alice.ctl.call('bob');
    await settle();
    const second = alice.sent.at(-1)!.signal.callId;
    expect(second).not.toBe(callId);
    await alice.ctl.handleSignal('mallory', { t: 'call', kind: 'decline', callId: second }); // wrong peer: ignored
    expect(alice.ctl.state.phase).toBe('calling');
    await alice.ctl.handleSignal('bob', { t: 'call', kind: 'decline', callId: second });
    expect(alice.ctl.state).toMatchObject({ phase: 'ended', reason: 'declined' });
  });

  it('declines a ringing call', async () => {
    const bob = side();
    await bob.ctl.handleSignal('alice', { t: 'call', kind: 'offer', callId: 'c1', sdp: 'v=0' });
    bob.ctl.decline();
    await settle();
    expect(bob.sent).toEqual([{ peer: 'alice', signal: { t: 'call', kind: 'decline', callId: 'c1' } }]);
    expect(bob.ctl.state).toMatchObject({ phase: 'ended', reason: 'declined' });
    bob.ctl.dismiss();
    expect(bob.ctl.state).toEqual({ phase: 'idle' });
  });

  it('fails cleanly when the connection fails, or never connects', async () => {
    const alice = side();
    await alice.ctl.call('bob');
    await settle();
    const callId = alice.sent[0].signal.callId;
    await alice.ctl.handleSignal('bob', { t: 'call', kind: 'answer', callId, sdp: 'v=0 answer' });
    pcOf(alice).setState('failed');
    await settle();
    expect(alice.ctl.state).toMatchObject({ phase: 'ended', reason: 'failed' });
    expect(alice.sent.at(-1)!.signal.kind).toBe('hangup');

    await alice.ctl.call('bob');
    await settle();
    const id2 = alice.sent.at(-1)!.signal.callId;
    await alice.ctl.handleSignal('bob', { t: 'call', kind: 'answer', callId: id2, sdp: 'v=0 answer' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(alice.ctl.state).toMatchObject({ phase: 'ended', reason: 'failed' });
  });

  it('fails when the microphone is refused, and refuses a second call while one is going', async () => {
    const sent: CallSignal[] = [];
    const states: CallState[] = [];
    const ctl = new CallController({
      sendSignal: async (_p, s) => void sent.push(s),
      iceServers: async () => [],
      onState: (s) => states.push(s),
      getUserMedia: () => Promise.reject(new DOMException('denied', 'NotAllowedError')),
      createPeerConnection: (c) => new FakePc(c) as unknown as RTCPeerConnection,
    });
    await ctl.call('bob');
    await settle();
    expect(ctl.state).toMatchObject({ phase: 'ended', reason: 'failed' });
    expect((ctl.lastError as DOMException).name).toBe('NotAllowedError');

    const busy = side();
    await busy.ctl.call('bob');
    await expect(busy.ctl.call('carol')).rejects.toThrow();
  });

  it('recognises call signals', () => {
    expect(isCallSignal({ t: 'call', kind: 'offer', callId: 'x', sdp: 'v=0' })).toBe(true);
    expect(isCallSignal({ t: 'call', kind: 'ice', callId: 'x', candidate: { candidate: 'c' } })).toBe(true);
    expect(isCallSignal({ t: 'call', kind: 'ring', callId: 'x' })).toBe(false);
    expect(isCallSignal({ t: 'call', kind: 'offer', callId: '' })).toBe(false);
    expect(isCallSignal({ kind: 'text', text: 'hi' })).toBe(false);
    expect(isCallSignal(null)).toBe(false);
  });
});
