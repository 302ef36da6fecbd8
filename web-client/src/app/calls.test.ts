import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatApp, Phase } from './model';
import {
  bindCalls,
  callOutgoing,
  callsReady,
  callState,
  declineCall,
  endCallBeforeLeaving,
  ENDED_VISIBLE_MS,
  inCall,
  startCall,
} from './calls';

/** The few members of ChatApp the call store uses. */
function fakeApp(withSignalling = true) {
  const phase = signal<Phase>('ready');
  const sent: { peer: string; signal: Record<string, unknown> }[] = [];
  const app = {
    phase,
    accessToken: async () => 'token',
    touch: () => undefined,
    onCallSignal: undefined as ChatApp['onCallSignal'],
    sendCallSignal: withSignalling
      ? async (peer: string, s: unknown) => {
          sent.push({ peer, signal: s as Record<string, unknown> });
        }
      : undefined,
  };
  return { app: app as unknown as ChatApp, phase, sent };
}

const offer = (callId: string) => ({ t: 'call', kind: 'offer', callId, sdp: 'v=0' });
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('the call store', () => {
  let unbind: (() => void) | null = null;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    unbind?.();
    unbind = null;
    vi.useRealTimers();
  });

  it('takes the app’s call signals while ready, rings for an offer and declines through the app', async () => {
    const { app, sent } = fakeApp();
    unbind = bindCalls(app);
    expect(callsReady.value).toBe(true);
    expect(typeof app.onCallSignal).toBe('function');

    app.onCallSignal!('alice', offer('c1'));
    await flush();
    expect(callState.value).toMatchObject({ phase: 'ringing', peer: 'alice', callId: 'c1' });

    // a second caller meanwhile is told 'busy', and the first call keeps ringing
    app.onCallSignal!('bob', offer('c2'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toContainEqual({ peer: 'bob', signal: { t: 'call', kind: 'busy', callId: 'c2' } });
    expect(callState.value).toMatchObject({ phase: 'ringing', peer: 'alice' });

    declineCall();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toContainEqual({ peer: 'alice', signal: { t: 'call', kind: 'decline', callId: 'c1' } });
    expect(callState.value).toMatchObject({ phase: 'ended', reason: 'declined' });
    expect(callOutgoing.value).toBe(false);

    // the end stays on screen briefly, then the store is idle again
    await vi.advanceTimersByTimeAsync(ENDED_VISIBLE_MS + 10);
    expect(callState.value.phase).toBe('idle');
  });

  it('ignores payloads that are not call signals', async () => {
    const { app } = fakeApp();
    unbind = bindCalls(app);
    app.onCallSignal!('alice', { t: 'call', kind: 'offer' });
    app.onCallSignal!('alice', 'nonsense');
    await flush();
    expect(callState.value.phase).toBe('idle');
  });

  it('hangs up and lets go of the app when it locks, and binds again after unlocking', async () => {
    const { app, phase, sent } = fakeApp();
    unbind = bindCalls(app);
    app.onCallSignal!('alice', offer('c3'));
    await flush();
    expect(callState.value.phase).toBe('ringing');

    phase.value = 'locked';
    await vi.advanceTimersByTimeAsync(0);
    expect(callState.value.phase).toBe('idle');
    expect(callsReady.value).toBe(false);
    expect(app.onCallSignal).toBeUndefined();
    // hanging up a ringing call declines it (the app may refuse to send once locked)
    expect(sent.map((s) => s.signal.kind)).toContain('decline');
    expect(startCall('alice')).toBe(false);

    phase.value = 'ready';
    expect(callsReady.value).toBe(true);
    expect(typeof app.onCallSignal).toBe('function');
  });

  it('before leaving, a running call is hung up and the hang-up handed to the app', async () => {
    const { app, sent } = fakeApp();
    unbind = bindCalls(app);
    app.onCallSignal!('alice', offer('c9'));
    await flush();
    expect(callState.value.phase).toBe('ringing');

    await endCallBeforeLeaving();
    expect(sent.map((s) => s.signal)).toContainEqual({ t: 'call', kind: 'decline', callId: 'c9' });
    expect(inCall()).toBe(false);
    await endCallBeforeLeaving(); // nothing running: nothing sent
    expect(sent).toHaveLength(1);
  });

  it('a call that cannot open the microphone ends as failed and tells the callee', async () => {
    const { app, sent } = fakeApp();
    unbind = bindCalls(app);
    expect(startCall('bob')).toBe(true);
    expect(callOutgoing.value).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    // no navigator.mediaDevices under node: getUserMedia throws
    expect(callState.value).toMatchObject({ phase: 'ended', peer: 'bob', reason: 'failed' });
    expect(sent.map((s) => s.signal.kind)).toEqual(['hangup']);
  });

  it('offers no calls when the app has no call signalling', () => {
    const { app } = fakeApp(false);
    unbind = bindCalls(app);
    expect(callsReady.value).toBe(false);
    expect(startCall('bob')).toBe(false);
  });
});
