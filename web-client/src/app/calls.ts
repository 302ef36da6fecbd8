import { batch, effect, signal, untracked } from '@preact/signals';
import type { ChatApp } from './model';
import { fetchIceServers } from '../net/config';
import { CallController, isCallSignal, type CallSignal, type CallState } from '../media/call';

/**
 * Voice calls for the UI: one CallController per unlocked session of a ChatApp, its state mirrored into
 * signals for the components. Call signals go through the app (end-to-end encrypted, so the DTLS fingerprints in the
 * SDP are authenticated by the chat keys); ICE servers come from the gateway. Everything is torn down when the app
 * leaves 'ready' (lock, logout): a call never outlives the keys that authenticated it.
 */

export const callState = signal<CallState>({ phase: 'idle' });
/** whether we placed the current call (wording of 'declined' and 'timeout') */
export const callOutgoing = signal(false);
export const callMuted = signal(false);
export const localStream = signal<MediaStream | null>(null);
export const remoteStream = signal<MediaStream | null>(null);
/** the phase the call was in when it ended (a hang-up while ringing is a missed call) */
export const callEndedFrom = signal<CallState['phase'] | null>(null);
/** why a call ended as 'failed', when we know better than "failed" (microphone refused or missing) */
export const callFailure = signal<'mic-denied' | 'mic-missing' | null>(null);

export interface CallStats {
  /** audio RTP packets received / sent so far */
  inbound: number;
  outbound: number;
  /** round-trip time of the selected candidate pair in ms, or null */
  rttMs: number | null;
  /** fraction of inbound packets lost (0…1) */
  loss: number;
}
export const callStats = signal<CallStats | null>(null);

/** How long the end of a call stays on screen before the bar goes away. */
export const ENDED_VISIBLE_MS = 2500;
/** How often the bar refreshes the packet counters (and picks up the microphone once it is open). */
const TICK_MS = 500;

let controller: CallController | null = null;
/** Whether calls can be placed in this session (the app supports call signalling and is unlocked). */
export const callsReady = signal(false);

/**
 * Binds calls to the app for as long as it is 'ready'; returns the unbinding. Idempotent per app: the overlay calls
 * it once when mounted.
 */
export function bindCalls(app: ChatApp): () => void {
  let bound: (() => void) | null = null;
  const stop = effect(() => {
    const ready = app.phase.value === 'ready';
    untracked(() => {
      if (ready && !bound) bound = attach(app);
      else if (!ready && bound) {
        bound();
        bound = null;
      }
    });
  });
  return () => {
    stop();
    bound?.();
    bound = null;
  };
}

function attach(app: ChatApp): (() => void) | null {
  if (!app.sendCallSignal) return null;
  let endedTimer: ReturnType<typeof setTimeout> | null = null;
  let statsTimer: ReturnType<typeof setInterval> | null = null;
  const stopStats = () => {
    if (statsTimer !== null) clearInterval(statsTimer);
    statsTimer = null;
  };

  const ctl: CallController = new CallController({
    sendSignal: (peer, s) => app.sendCallSignal!(peer, s),
    iceServers: async () => fetchIceServers(await app.accessToken()),
    onRemoteStream: (stream) => {
      if (controller === ctl) remoteStream.value = stream;
    },
    onState: (st) => {
      if (controller !== ctl) return;
      batch(() => mirror(st));
    },
  });
  const mirror = (st: CallState) => {
    if (endedTimer !== null) clearTimeout(endedTimer);
    endedTimer = null;
    if (st.phase === 'calling' || st.phase === 'ringing') {
      callFailure.value = null;
      callStats.value = null;
      callMuted.value = ctl.muted;
    }
    if (st.phase === 'ended') {
      callEndedFrom.value = callState.peek().phase;
      stopStats();
      if (st.reason === 'failed') callFailure.value = micFailure(ctl.lastError);
      localStream.value = null;
      remoteStream.value = null;
      const callId = st.callId;
      endedTimer = setTimeout(() => {
        endedTimer = null;
        const now = ctl.state;
        if (now.phase === 'ended' && now.callId === callId) ctl.dismiss();
      }, ENDED_VISIBLE_MS);
    } else if (st.phase === 'idle') {
      stopStats();
      localStream.value = null;
      remoteStream.value = null;
      callStats.value = null;
    } else {
      localStream.value = ctl.localStream;
      if (st.phase !== 'ringing' && statsTimer === null) {
        // the microphone opens a moment after 'calling' begins, without a state change of its own
        statsTimer = setInterval(() => {
          if (localStream.value !== ctl.localStream) localStream.value = ctl.localStream;
          void readStats(ctl);
          // talking is activity: a long call without a key press must not run into the idle lock
          app.touch();
        }, TICK_MS);
      }
    }
    callState.value = st;
  };
  controller = ctl;
  callsReady.value = true;
  const handler = (peer: string, s: unknown) => {
    if (isCallSignal(s)) void ctl.handleSignal(peer, s as CallSignal);
  };
  app.onCallSignal = handler;

  return () => {
    // on lock/logout the keys are gone already and the hang-up may not leave: the peer's side then fails (ICE consent)
    ctl.hangup();
    if (app.onCallSignal === handler) app.onCallSignal = undefined;
    if (endedTimer !== null) clearTimeout(endedTimer);
    stopStats();
    if (controller === ctl) {
      controller = null;
      callsReady.value = false;
    }
    callState.value = { phase: 'idle' };
    callOutgoing.value = false;
    callMuted.value = false;
    callFailure.value = null;
    callEndedFrom.value = null;
    callStats.value = null;
    localStream.value = null;
    remoteStream.value = null;
  };
}

function micFailure(error: unknown): 'mic-denied' | 'mic-missing' | null {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'mic-denied';
  if (name === 'NotFoundError' || name === 'NotReadableError' || name === 'OverconstrainedError') return 'mic-missing';
  return null;
}

/** Packet counters and quality from the peer connection: shown as a quality hint and exposed as data attributes. */
async function readStats(ctl: CallController): Promise<void> {
  const pc = ctl.pc;
  if (!pc || controller !== ctl) return;
  let report: RTCStatsReport;
  try {
    report = await pc.getStats();
  } catch {
    return;
  }
  if (controller !== ctl || ctl.pc !== pc) return;
  let inbound = 0;
  let outbound = 0;
  let lost = 0;
  let rttMs: number | null = null;
  report.forEach((s: Record<string, unknown>) => {
    const kind = s.kind ?? s.mediaType;
    if (s.type === 'inbound-rtp' && kind === 'audio') {
      inbound += num(s.packetsReceived);
      lost += Math.max(0, num(s.packetsLost));
    } else if (s.type === 'outbound-rtp' && kind === 'audio') {
      outbound += num(s.packetsSent);
    } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && typeof s.currentRoundTripTime === 'number') {
      rttMs = Math.round(s.currentRoundTripTime * 1000);
    }
  });
  callStats.value = { inbound, outbound, rttMs, loss: inbound + lost > 0 ? lost / (inbound + lost) : 0 };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

// --- actions ----------------------------------------------------------------------------------------------------------

/** Calls a friend; false when a call is already in progress (or calls are unavailable). */
export function startCall(peer: string): boolean {
  const ctl = controller;
  if (!ctl) return false;
  const phase = ctl.state.phase;
  if (phase !== 'idle' && phase !== 'ended') return false;
  callOutgoing.value = true;
  void ctl.call(peer).catch(() => undefined);
  return true;
}

export function acceptCall(): void {
  callOutgoing.value = false;
  void controller?.accept().catch(() => undefined);
}

export function declineCall(): void {
  controller?.decline();
}

export function hangupCall(): void {
  controller?.hangup();
}

/**
 * Before the app locks or signs out (keys dropped, socket closed): hang up a running call and wait until the hang-up
 * is sent, so the friend's call ends at once instead of timing out.
 */
export async function endCallBeforeLeaving(): Promise<void> {
  const ctl = controller;
  if (!ctl || !inCall(ctl.state)) return;
  ctl.hangup();
  await ctl.flushed();
}

export function toggleMute(): void {
  const ctl = controller;
  if (!ctl) return;
  ctl.setMuted(!ctl.muted);
  callMuted.value = ctl.muted;
}

/** Closes the "call ended" bar now. */
export function dismissCall(): void {
  controller?.dismiss();
}

/** Whether a call (in any phase but idle/ended) is going on. */
export function inCall(st: CallState = callState.value): boolean {
  return st.phase !== 'idle' && st.phase !== 'ended';
}
