import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { encryptAttachment, MAX_PLAINTEXT_BYTES } from '../../media/attachment';
import { uploadAttachment } from '../../net/attachments';
import { recordClip, type Recording } from '../../media/voice';
import { CloseIcon, MicIcon } from '../common/icons';
import { showToast } from '../common/toast';
import { useApp } from '../context';
import { describeError } from '../errors';
import { StopIcon } from './CallIcons';
import { formatDuration } from '../format';
import { Waveform } from './Waveform';
import './call.css';

/** A press shorter than this is a click: recording goes on until the next click (toggle mode). */
const HOLD_MS = 350;
/** Clips shorter than this are thrown away (a slip of the finger). */
const MIN_MS = 400;
/** Recording stops and sends by itself after two minutes. */
const MAX_MS = 120_000;

type Phase = 'idle' | 'starting' | 'recording' | 'sending';
type Mode = 'hold' | 'toggle';

interface Session {
  recording: Promise<Recording>;
  mode: Mode;
}

/**
 * The composer's microphone. Press and hold records, release sends, sliding off the button (or Escape) cancels. A
 * click (or Enter/Space) starts a recording that the next click sends. While recording: elapsed time and a live
 * waveform; then the clip is encrypted (fresh AES-GCM key), uploaded with progress and sent as a 'voice' message.
 */
export function VoiceRecorder({ peer, disabled }: { peer: string; disabled: boolean }) {
  const app = useApp();
  const [phase, setPhase] = useState<Phase>('idle');
  const [mode, setMode] = useState<Mode>('hold');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [startedAt, setStartedAt] = useState(0);
  const [now, setNow] = useState(0);
  const [progress, setProgress] = useState(0);
  const session = useRef<Session | null>(null);
  /** the pointer press in progress: when it began and whether it is the one that started the recording */
  const press = useRef<{ at: number; started: boolean } | null>(null);
  const alive = useRef(true);

  const begin = (m: Mode) => {
    if (session.current || phase === 'sending') return;
    const s: Session = { recording: recordClip({ maxMs: MAX_MS + 2000 }), mode: m };
    session.current = s;
    setMode(m);
    setPhase('starting');
    s.recording.then(
      (r) => {
        if (session.current !== s) return void r.cancel();
        setStream(r.stream);
        setStartedAt(performance.now());
        setNow(performance.now());
        setPhase('recording');
      },
      (error: unknown) => {
        if (session.current !== s) return;
        session.current = null;
        setPhase('idle');
        showToast(micError(error), 'error');
      },
    );
  };

  const cancel = () => {
    const s = session.current;
    if (!s) return;
    session.current = null;
    press.current = null;
    setStream(null);
    setPhase('idle');
    s.recording.then((r) => r.cancel()).catch(() => undefined);
  };

  const finish = async () => {
    const s = session.current;
    if (!s) return;
    session.current = null;
    press.current = null;
    setStream(null);
    setProgress(0);
    setPhase('sending');
    try {
      const clip = await (await s.recording).stop();
      if (clip.durationMs < MIN_MS || clip.blob.size === 0) {
        showToast(t('voice.tooShort'), 'info');
        return;
      }
      if (clip.blob.size > MAX_PLAINTEXT_BYTES) {
        showToast(t('voice.tooLong'), 'error');
        return;
      }
      const bytes = new Uint8Array(await clip.blob.arrayBuffer());
      const { ciphertext, ref } = await encryptAttachment(bytes, clip.mime);
      const id = await uploadAttachment(ciphertext, await app.accessToken(), (loaded, total) => {
        if (alive.current && total > 0) setProgress(Math.min(1, loaded / total));
      });
      await app.sendContent(peer, { kind: 'voice', attachment: { ...ref, id }, durationMs: clip.durationMs });
    } catch (error) {
      showToast(describeError(error), 'error');
    } finally {
      if (alive.current) setPhase('idle');
    }
  };

  // elapsed time while recording, and the two-minute limit
  useEffect(() => {
    if (phase !== 'recording') return;
    const timer = setInterval(() => {
      const at = performance.now();
      setNow(at);
      if (at - startedAt >= MAX_MS) void finish();
    }, 200);
    return () => clearInterval(timer);
  }, [phase, startedAt]);

  // Escape cancels wherever the focus is
  useEffect(() => {
    if (phase !== 'starting' && phase !== 'recording') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      cancel();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [phase]);

  // sending becomes impossible (key changed, friendship ended): the recording is thrown away
  useEffect(() => {
    if (disabled) cancel();
  }, [disabled]);

  // leaving the conversation cancels a recording; an upload already under way completes
  useEffect(
    () => () => {
      alive.current = false;
      cancel();
    },
    [],
  );

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0 || disabled) return;
    e.preventDefault(); // no text selection or focus dance on a long press
    // touch captures the pointer implicitly: release it, or sliding off the button could not cancel
    const button = e.currentTarget as Element;
    if (button.hasPointerCapture?.(e.pointerId)) button.releasePointerCapture(e.pointerId);
    if (phase === 'idle') {
      press.current = { at: performance.now(), started: true };
      begin('hold');
    } else if (phase === 'starting' || phase === 'recording') {
      press.current = { at: performance.now(), started: false };
    }
  };

  const onPointerUp = () => {
    const p = press.current;
    press.current = null;
    if (!p || !session.current) return;
    if (!p.started) return void finish(); // the second click of a toggle
    if (phase === 'starting' || performance.now() - p.at < HOLD_MS) {
      // a click, or the microphone is still opening (a permission prompt took the press): record until the next click
      session.current.mode = 'toggle';
      setMode('toggle');
      return;
    }
    void finish();
  };

  const onPointerLeave = () => {
    const p = press.current;
    if (!p || !p.started || session.current?.mode !== 'hold' || phase !== 'recording') return;
    cancel();
  };

  /** keyboard and assistive technology activate with a click of detail 0: toggle */
  const onClick = (e: MouseEvent) => {
    if (e.detail !== 0 || disabled) return;
    if (phase === 'idle') begin('toggle');
    else if (phase === 'starting' || phase === 'recording') void finish();
  };

  const active = phase === 'starting' || phase === 'recording';
  const elapsed = phase === 'recording' ? now - startedAt : 0;
  return (
    <>
      <button
        type="button"
        class={`voice-record${active ? ' is-recording' : ''}`}
        disabled={disabled || phase === 'sending'}
        aria-pressed={active}
        aria-label={t(active ? 'voice.stop' : 'voice.record')}
        title={t(active ? 'voice.stop' : 'voice.record')}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onPointerLeave={onPointerLeave}
        onPointerCancel={cancel}
        onClick={onClick}
        onContextMenu={(e) => e.preventDefault()}
        data-testid="voice-record"
        data-state={phase}
      >
        {active ? <StopIcon size={18} /> : <MicIcon size={20} />}
      </button>
      {(active || phase === 'sending') && (
        <div class={`voice-panel voice-panel-${phase}`} role="status" data-testid={phase === 'sending' ? 'voice-sending' : 'voice-recording'}>
          {phase === 'sending' ? (
            <>
              <span class="voice-panel-text">{t('voice.sending', { percent: Math.round(progress * 100) })}</span>
              <progress class="voice-upload" max={100} value={Math.round(progress * 100)} aria-label={t('voice.upload')} />
            </>
          ) : (
            <>
              <span class="voice-rec-dot" aria-hidden="true" />
              <span class="voice-panel-time" aria-label={t('voice.recording')}>
                {formatDuration(elapsed)}
              </span>
              <Waveform stream={stream} label={t('voice.waveform')} class="voice-waveform" testid="voice-waveform" />
              <span class="voice-panel-text">{t(mode === 'hold' ? 'voice.hint.hold' : 'voice.hint.toggle')}</span>
              {mode === 'toggle' && (
                <span class="voice-panel-actions">
                  <button type="button" class="icon-button" onClick={cancel} aria-label={t('voice.cancel')} title={t('voice.cancel')} data-testid="voice-cancel">
                    <CloseIcon size={18} />
                  </button>
                  <button
                    type="button"
                    class="button button-small button-primary"
                    onClick={() => void finish()}
                    disabled={phase !== 'recording'}
                    data-testid="voice-send"
                  >
                    {t('voice.send')}
                  </button>
                </span>
              )}
            </>
          )}
        </div>
      )}
    </>
  );
}

function micError(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return t('voice.error.micDenied');
  if (name === 'NotFoundError' || name === 'NotReadableError' || name === 'OverconstrainedError') return t('voice.error.micMissing');
  return t('voice.error.mic');
}
