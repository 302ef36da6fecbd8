/**
 * A 1:1 audio call over WebRTC, independent of the UI. Signalling objects are handed to `sendSignal`; the engine
 * sends them as end-to-end encrypted messages, so the DTLS fingerprints in the SDP are authenticated by the chat keys
 * (DESIGN §5). Incoming call signals are fed to `handleSignal`.
 *
 * States: idle → calling (we called) / ringing (they call) → connecting → connected → ended(reason).
 * A call nobody answers ends after 30 s ('timeout'; the caller tells the callee). An offer that arrives while a call
 * is in progress is answered 'busy' automatically.
 */

export type CallSignalKind = 'offer' | 'answer' | 'ice' | 'hangup' | 'decline' | 'busy';
export interface CallSignal {
  t: 'call';
  kind: CallSignalKind;
  callId: string;
  /** offer and answer */
  sdp?: string;
  /** ice */
  candidate?: RTCIceCandidateInit;
  /** hangup: 'timeout' when the caller gave up waiting for an answer */
  reason?: 'timeout';
}

export type EndReason = 'hangup' | 'declined' | 'busy' | 'timeout' | 'failed';
export type CallState =
  | { phase: 'idle' }
  | { phase: 'calling' | 'ringing' | 'connecting'; peer: string; callId: string }
  | { phase: 'connected'; peer: string; callId: string; since: number }
  | { phase: 'ended'; peer: string; callId: string; reason: EndReason };
export type CallPhase = CallState['phase'];

export interface CallOptions {
  sendSignal(peer: string, signal: CallSignal): Promise<void>;
  iceServers(): Promise<RTCIceServer[]>;
  onState(state: CallState): void;
  /** the remote audio, to play in an <audio autoplay> element */
  onRemoteStream?(stream: MediaStream): void;
  /** ms before an unanswered call ends (default 30 000); also bounds connecting */
  timeoutMs?: number;
  /** test seams */
  getUserMedia?(): Promise<MediaStream>;
  createPeerConnection?(config: RTCConfiguration): RTCPeerConnection;
}

const KINDS: readonly string[] = ['offer', 'answer', 'ice', 'hangup', 'decline', 'busy'];

/** Whether a decrypted message payload is a call signal (and well-formed enough to hand to handleSignal). */
export function isCallSignal(x: unknown): x is CallSignal {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return (
    s.t === 'call' &&
    typeof s.kind === 'string' &&
    KINDS.includes(s.kind) &&
    typeof s.callId === 'string' &&
    s.callId.length > 0 &&
    s.callId.length <= 100 &&
    (s.sdp === undefined || (typeof s.sdp === 'string' && s.sdp.length <= 100_000)) &&
    (s.candidate === undefined || (typeof s.candidate === 'object' && s.candidate !== null))
  );
}

export class CallController {
  private st: CallState = { phase: 'idle' };
  private _pc: RTCPeerConnection | null = null;
  private _localStream: MediaStream | null = null;
  private _remoteStream: MediaStream | null = null;
  private _muted = false;
  private remoteOffer: string | null = null;
  /** remote candidates that arrived before the remote description was set */
  private remoteCandidates: RTCIceCandidateInit[] = [];
  /** local candidates gathered before our offer/answer was handed to sendSignal */
  private localCandidates: RTCIceCandidateInit[] = [];
  private descriptionSent = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** serialises outgoing signals so that they leave in order (offer/answer before its candidates) */
  private outbox: Promise<void> = Promise.resolve();
  private readonly timeoutMs: number;
  /** the last error that ended a call as 'failed' or a skipped candidate (diagnostics) */
  lastError: unknown = null;

  constructor(private readonly opts: CallOptions) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  get state(): CallState {
    return this.st;
  }
  /** the RTCPeerConnection of the current call (for getStats), or null */
  get pc(): RTCPeerConnection | null {
    return this._pc;
  }
  get localStream(): MediaStream | null {
    return this._localStream;
  }
  get remoteStream(): MediaStream | null {
    return this._remoteStream;
  }
  get muted(): boolean {
    return this._muted;
  }

  /** Calls a friend. Throws if a call is already in progress. */
  async call(peer: string): Promise<void> {
    if (this.busy()) throw new Error('a call is already in progress');
    const callId = crypto.randomUUID();
    this.reset();
    this.set({ phase: 'calling', peer, callId });
    this.arm(() => {
      this.send(peer, { t: 'call', kind: 'hangup', callId, reason: 'timeout' });
      this.end('timeout');
    });
    try {
      const pc = await this.setup(peer, callId);
      if (!pc) return;
      const offer = await pc.createOffer();
      if (!this.current(callId)) return;
      await pc.setLocalDescription(offer);
      if (!this.current(callId)) return;
      this.sendDescription(peer, { t: 'call', kind: 'offer', callId, sdp: pc.localDescription?.sdp ?? offer.sdp });
    } catch (e) {
      this.fail(callId, e);
    }
  }

  /** Feeds a decrypted call signal from `peer`. */
  async handleSignal(peer: string, signal: CallSignal): Promise<void> {
    if (!isCallSignal(signal)) return;
    const st = this.st;
    const mine = st.phase !== 'idle' && st.phase !== 'ended' && st.peer === peer && st.callId === signal.callId;

    if (signal.kind === 'offer') {
      if (mine) return; // a repeated offer
      if (this.busy()) {
        this.send(peer, { t: 'call', kind: 'busy', callId: signal.callId });
        return;
      }
      if (!signal.sdp) return;
      this.reset();
      this.remoteOffer = signal.sdp;
      this.set({ phase: 'ringing', peer, callId: signal.callId });
      this.arm(() => this.end('timeout'));
      return;
    }
    if (!mine) return;

    try {
      switch (signal.kind) {
        case 'answer':
          if (st.phase !== 'calling' || !this._pc || !signal.sdp) return;
          this.set({ phase: 'connecting', peer, callId: st.callId });
          this.arm(() => this.failNow());
          await this._pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
          await this.flushRemoteCandidates(st.callId);
          return;
        case 'ice':
          if (!signal.candidate) return;
          if (this._pc && this._pc.remoteDescription) await this.addCandidate(this._pc, signal.candidate);
          else this.remoteCandidates.push(signal.candidate);
          return;
        case 'hangup':
          this.end(signal.reason === 'timeout' && st.phase === 'ringing' ? 'timeout' : 'hangup');
          return;
        case 'decline':
          if (st.phase === 'calling') this.end('declined');
          return;
        case 'busy':
          if (st.phase === 'calling') this.end('busy');
          return;
      }
    } catch (e) {
      this.fail(signal.callId, e);
    }
  }

  /** Answers the ringing call. */
  async accept(): Promise<void> {
    const st = this.st;
    if (st.phase !== 'ringing' || !this.remoteOffer) throw new Error('no incoming call');
    const { peer, callId } = st;
    this.set({ phase: 'connecting', peer, callId });
    this.arm(() => this.failNow());
    try {
      const pc = await this.setup(peer, callId);
      if (!pc) return;
      await pc.setRemoteDescription({ type: 'offer', sdp: this.remoteOffer });
      if (!this.current(callId)) return;
      await this.flushRemoteCandidates(callId);
      const answer = await pc.createAnswer();
      if (!this.current(callId)) return;
      await pc.setLocalDescription(answer);
      if (!this.current(callId)) return;
      this.sendDescription(peer, { t: 'call', kind: 'answer', callId, sdp: pc.localDescription?.sdp ?? answer.sdp });
    } catch (e) {
      this.fail(callId, e);
    }
  }

  /** Refuses the ringing call. */
  decline(): void {
    const st = this.st;
    if (st.phase !== 'ringing') return;
    this.send(st.peer, { t: 'call', kind: 'decline', callId: st.callId });
    this.end('declined');
  }

  /** Ends the call in any phase (while ringing this declines it). */
  hangup(): void {
    const st = this.st;
    if (st.phase === 'ringing') return this.decline();
    if (st.phase === 'idle' || st.phase === 'ended') return;
    this.send(st.peer, { t: 'call', kind: 'hangup', callId: st.callId });
    this.end('hangup');
  }

  /** Resolves once every signal queued so far has been handed to sendSignal (or failed). */
  flushed(): Promise<void> {
    return this.outbox;
  }

  setMuted(muted: boolean): void {
    this._muted = muted;
    this._localStream?.getAudioTracks().forEach((t) => (t.enabled = !muted));
  }

  /** Goes back to idle after 'ended' (e.g. when the UI dismisses the call screen). */
  dismiss(): void {
    if (this.st.phase === 'ended') this.set({ phase: 'idle' });
  }

  // --- internals ----------------------------------------------------------------------------------------------------

  private busy(): boolean {
    return this.st.phase !== 'idle' && this.st.phase !== 'ended';
  }

  private current(callId: string): boolean {
    return this.busy() && (this.st as { callId: string }).callId === callId;
  }

  private set(st: CallState): void {
    this.st = st;
    try {
      this.opts.onState(st);
    } catch {
      // a UI callback must not break the call
    }
  }

  private arm(onTimeout: () => void): void {
    this.disarm();
    this.timer = setTimeout(() => {
      this.timer = null;
      onTimeout();
    }, this.timeoutMs);
  }

  private disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private send(peer: string, signal: CallSignal): void {
    this.outbox = this.outbox.then(() => this.opts.sendSignal(peer, signal)).catch(() => undefined);
  }

  private sendDescription(peer: string, signal: CallSignal): void {
    this.send(peer, signal);
    this.descriptionSent = true;
    for (const candidate of this.localCandidates) this.send(peer, { t: 'call', kind: 'ice', callId: signal.callId, candidate });
    this.localCandidates = [];
  }

  /** Microphone + peer connection for this call; null if the call ended meanwhile. */
  private async setup(peer: string, callId: string): Promise<RTCPeerConnection | null> {
    const [stream, iceServers] = await Promise.all([
      this.opts.getUserMedia ? this.opts.getUserMedia() : navigator.mediaDevices.getUserMedia({ audio: true, video: false }),
      this.opts.iceServers().catch(() => [] as RTCIceServer[]),
    ]);
    if (!this.current(callId)) {
      stream.getTracks().forEach((t) => t.stop());
      return null;
    }
    this._localStream = stream;
    this.setMuted(this._muted);
    const config: RTCConfiguration = { iceServers };
    const pc = this.opts.createPeerConnection ? this.opts.createPeerConnection(config) : new RTCPeerConnection(config);
    this._pc = pc;
    for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
    pc.onicecandidate = (e) => {
      if (!this.current(callId) || !e.candidate || !e.candidate.candidate) return; // end of candidates: nothing to say
      const candidate = e.candidate.toJSON();
      if (this.descriptionSent) this.send(peer, { t: 'call', kind: 'ice', callId, candidate });
      else this.localCandidates.push(candidate);
    };
    pc.ontrack = (e) => {
      const remote = e.streams[0] ?? new MediaStream([e.track]);
      this._remoteStream = remote;
      this.opts.onRemoteStream?.(remote);
    };
    pc.onconnectionstatechange = () => {
      if (!this.current(callId)) return;
      if (pc.connectionState === 'connected' && this.st.phase !== 'connected') {
        this.disarm();
        this.set({ phase: 'connected', peer, callId, since: Date.now() });
      } else if (pc.connectionState === 'failed') {
        this.failNow();
      }
    };
    return pc;
  }

  private async flushRemoteCandidates(callId: string): Promise<void> {
    const pending = this.remoteCandidates;
    this.remoteCandidates = [];
    for (const c of pending) {
      if (!this.current(callId) || !this._pc) return;
      await this.addCandidate(this._pc, c);
    }
  }

  /** A candidate the browser cannot use is skipped; the others may still connect. */
  private async addCandidate(pc: RTCPeerConnection, c: RTCIceCandidateInit): Promise<void> {
    try {
      await pc.addIceCandidate(c);
    } catch (e) {
      this.lastError = e;
    }
  }

  private fail(callId: string, error: unknown): void {
    if (!this.current(callId)) return;
    this.lastError = error;
    this.failNow();
  }

  private failNow(): void {
    const st = this.st;
    if (st.phase === 'idle' || st.phase === 'ended') return;
    this.send(st.peer, { t: 'call', kind: 'hangup', callId: st.callId });
    this.end('failed');
  }

  private end(reason: EndReason): void {
    const st = this.st;
    if (st.phase === 'idle' || st.phase === 'ended') return;
    this.disarm();
    this.release();
    this.set({ phase: 'ended', peer: st.peer, callId: st.callId, reason });
  }

  private release(): void {
    if (this._pc) {
      this._pc.onicecandidate = null;
      this._pc.ontrack = null;
      this._pc.onconnectionstatechange = null;
      this._pc.close();
    }
    this._localStream?.getTracks().forEach((t) => t.stop());
    this._localStream = null;
    this._remoteStream = null;
  }

  private reset(): void {
    this.disarm();
    this.release();
    this._pc = null;
    this.remoteOffer = null;
    this.remoteCandidates = [];
    this.localCandidates = [];
    this.descriptionSent = false;
    this._muted = false;
  }
}
