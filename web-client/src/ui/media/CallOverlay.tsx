import { useEffect, useRef, useState } from 'preact/hooks';
import type { CallState } from '../../media/call';
import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';
import { Dialog } from '../common/Dialog';
import { LockIcon, MicIcon, WarningIcon } from '../common/icons';
import { useApp } from '../context';
import { PhoneIcon, PhoneOffIcon, MicOffIcon } from './CallIcons';
import {
  acceptCall,
  bindCalls,
  callEndedFrom,
  callFailure,
  callMuted,
  callOutgoing,
  callState,
  callStats,
  declineCall,
  hangupCall,
  localStream,
  remoteStream,
  toggleMute,
  type CallStats,
} from '../../app/calls';
import { formatDuration } from '../format';
import { endedKey } from './callText';
import { Waveform } from './Waveform';
import './call.css';

/**
 * Everything of a call that is not the header's call button, mounted once on the main screen: the incoming-call
 * dialog, the call bar (calling, connecting, connected with timer, mute, hang-up and the microphone's waveform, then
 * briefly why it ended), and the invisible <audio> that plays the other side.
 */
export function CallOverlay() {
  const app = useApp();
  useEffect(() => bindCalls(app), [app]);
  const st = callState.value;
  useTone(st.phase === 'ringing' ? 'ring' : st.phase === 'calling' ? 'ringback' : null);
  return (
    <>
      <RemoteAudio stream={remoteStream.value} />
      {st.phase === 'ringing' && <IncomingCall key={st.callId} peer={st.peer} />}
      {st.phase !== 'idle' && st.phase !== 'ringing' && <CallBar key={st.callId} state={st} />}
    </>
  );
}

/**
 * A ring while a call comes in, a quieter ringback while ours rings at the other end: synthesised (Web Audio), so no
 * sound file is fetched. Silent if the browser does not allow audio yet.
 */
function useTone(kind: 'ring' | 'ringback' | null) {
  useEffect(() => {
    if (!kind) return;
    let ctx: AudioContext;
    try {
      ctx = new AudioContext();
    } catch {
      return;
    }
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(ctx.destination);
    const oscillators = (kind === 'ring' ? [440, 480] : [425]).map((frequency) => {
      const o = ctx.createOscillator();
      o.frequency.value = frequency;
      o.connect(gain);
      o.start();
      return o;
    });
    const level = kind === 'ring' ? 0.05 : 0.025;
    // ring: two short bursts every 3 s; ringback: one second on, three off
    const bursts = kind === 'ring' ? [[0, 0.4], [0.6, 1.0]] : [[0, 1.0]];
    const schedule = () => {
      const t = ctx.currentTime + 0.05;
      for (const [on, off] of bursts) {
        gain.gain.setTargetAtTime(level, t + on, 0.015);
        gain.gain.setTargetAtTime(0, t + off, 0.015);
      }
    };
    void ctx.resume().then(schedule, () => undefined);
    const timer = setInterval(schedule, kind === 'ring' ? 3000 : 4000);
    return () => {
      clearInterval(timer);
      oscillators.forEach((o) => o.stop());
      void ctx.close().catch(() => undefined);
    };
  }, [kind]);
}

/** srcObject is a property, never an attribute: set through a ref. */
function RemoteAudio({ stream }: { stream: MediaStream | null }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = stream;
    if (stream) void audio.play().catch(() => undefined);
  }, [stream]);
  return <audio ref={ref} class="call-audio" autoplay data-testid="call-audio" />;
}

function IncomingCall({ peer }: { peer: string }) {
  const app = useApp();
  // with a changed key nothing can be sent to them (not even the answer) until the user looked at the new key
  const changed = app.friends.value.find((f) => f.username === peer)?.trust.status === 'changed';
  return (
    <Dialog title={t('call.incoming.title')} onClose={declineCall} size="sm" testid="call-incoming" alert>
      <div class="call-incoming" data-peer={peer}>
        <span class="call-incoming-avatar">
          <Avatar name={peer} size="xl" />
        </span>
        <p class="call-incoming-name">{peer}</p>
        <p class="call-incoming-text">{t('call.incoming.body')}</p>
        {changed ? (
          <p class="call-warning" role="alert">
            <WarningIcon size={14} />
            <span>{t('call.keyChanged')}</span>
          </p>
        ) : (
          <p class="call-e2e">
            <LockIcon size={13} />
            <span>{t('call.e2e')}</span>
          </p>
        )}
        <div class="call-incoming-actions">
          <span class="call-action">
            <button type="button" class="call-round call-round-decline" onClick={declineCall} data-testid="call-decline" aria-label={t('call.decline')}>
              <PhoneOffIcon size={24} />
            </button>
            <span class="call-action-label" aria-hidden="true">
              {t('call.decline')}
            </span>
          </span>
          <span class="call-action">
            <button
              type="button"
              class="call-round call-round-accept"
              onClick={acceptCall}
              disabled={changed}
              data-testid="call-accept"
              aria-label={t('call.accept')}
            >
              <PhoneIcon size={24} />
            </button>
            <span class="call-action-label" aria-hidden="true">
              {t('call.accept')}
            </span>
          </span>
        </div>
      </div>
    </Dialog>
  );
}

function CallBar({ state }: { state: Exclude<CallState, { phase: 'idle' | 'ringing' }> }) {
  const stats = callStats.value;
  const muted = callMuted.value;
  const ended = state.phase === 'ended';
  return (
    <div
      class={`call-bar call-bar-${state.phase}${ended ? ` call-bar-${state.reason}` : ''}`}
      role={ended ? 'status' : 'region'}
      aria-label={t('call.with', { peer: state.peer })}
      aria-live={ended ? 'polite' : undefined}
      data-testid="call-bar"
      data-state={state.phase}
      data-peer={state.peer}
      data-reason={ended ? state.reason : undefined}
      data-inbound-packets={stats?.inbound ?? 0}
      data-outbound-packets={stats?.outbound ?? 0}
    >
      <span class="call-bar-avatar">
        <Avatar name={state.peer} size="sm" />
      </span>
      <div class="call-bar-info">
        <p class="call-bar-peer truncate">{state.peer}</p>
        <p class="call-bar-status">
          <CallStatus state={state} />
        </p>
      </div>
      {!ended && (
        <>
          <Waveform stream={localStream.value} label={t(muted ? 'call.waveform.muted' : 'call.waveform')} testid="call-waveform" class="call-waveform" />
          {state.phase === 'connected' && <Quality stats={stats} />}
          <button
            type="button"
            class={`call-round call-round-small call-mute${muted ? ' is-on' : ''}`}
            aria-pressed={muted}
            aria-label={t(muted ? 'call.unmute' : 'call.mute')}
            title={t(muted ? 'call.unmute' : 'call.mute')}
            onClick={toggleMute}
            data-testid="call-mute"
          >
            {muted ? <MicOffIcon size={18} /> : <MicIcon size={18} />}
          </button>
          <button
            type="button"
            class="call-round call-round-small call-round-decline"
            aria-label={t(state.phase === 'calling' ? 'call.cancel' : 'call.hangup')}
            title={t(state.phase === 'calling' ? 'call.cancel' : 'call.hangup')}
            onClick={hangupCall}
            data-testid="call-hangup"
          >
            <PhoneOffIcon size={18} />
          </button>
        </>
      )}
    </div>
  );
}

function CallStatus({ state }: { state: Exclude<CallState, { phase: 'idle' | 'ringing' }> }) {
  switch (state.phase) {
    case 'calling':
      return <span class="call-dots">{t('call.calling')}</span>;
    case 'connecting':
      return <span class="call-dots">{t('call.connecting')}</span>;
    case 'connected':
      return <Timer since={state.since} />;
    case 'ended':
      return <span>{t(endedKey(state.reason, callOutgoing.value, callFailure.value, callEndedFrom.value))}</span>;
  }
}

function Timer({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span class="call-timer" data-testid="call-timer" role="timer">
      <LockIcon size={11} />
      <span>{formatDuration(now - since, true)}</span>
    </span>
  );
}

function Quality({ stats }: { stats: CallStats | null }) {
  if (!stats || stats.rttMs === null) return null;
  const level = stats.loss > 0.08 || stats.rttMs > 400 ? 'poor' : stats.loss > 0.02 || stats.rttMs > 150 ? 'fair' : 'good';
  const text = t(`call.quality.${level}`, { rtt: stats.rttMs, loss: Math.round(stats.loss * 100) });
  return (
    <span class={`call-quality call-quality-${level}`} role="img" aria-label={text} title={text} data-testid="call-quality" data-level={level}>
      <span />
      <span />
      <span />
    </span>
  );
}
