import { useEffect, useRef, useState } from 'preact/hooks';
import type { MediaContent } from '../../app/model';
import { t } from '../../i18n';
import { AttachmentError, decryptAttachment } from '../../media/attachment';
import { downloadAttachment } from '../../net/attachments';
import { buf } from '../../media/encoding';
import { AlertIcon, RetryIcon } from '../common/icons';
import { useApp } from '../context';
import { describeError } from '../errors';
import { PauseIcon, PlayIcon } from './CallIcons';
import { formatDuration } from '../format';
import './call.css';

type VoiceContent = Extract<MediaContent, { kind: 'voice' }>;
type State = 'idle' | 'loading' | 'playing' | 'paused' | 'error';

/** One clip plays at a time: starting another pauses this one. */
let playing: HTMLAudioElement | null = null;

/**
 * An inline player for a voice clip. The encrypted clip is downloaded and decrypted on the first play (its hash is
 * checked first), then played from an object URL of a Blob with the clip's MIME type; the URL is revoked when the
 * message leaves the screen.
 */
export function VoiceMessage({ content }: { content: VoiceContent }) {
  const app = useApp();
  const audio = useRef<HTMLAudioElement>(null);
  const url = useRef<string | null>(null);
  const alive = useRef(true);
  const [state, setState] = useState<State>('idle');
  const [loaded, setLoaded] = useState(0);
  const [pos, setPos] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const total = content.durationMs;

  useEffect(
    () => () => {
      alive.current = false;
      const a = audio.current;
      if (a) {
        a.pause();
        a.removeAttribute('src');
        a.load();
      }
      if (playing === a) playing = null;
      if (url.current) URL.revokeObjectURL(url.current);
      url.current = null;
    },
    [],
  );

  const play = async () => {
    const a = audio.current;
    if (!a) return;
    if (playing && playing !== a) playing.pause();
    playing = a;
    try {
      await a.play();
    } catch {
      if (alive.current) setState('paused');
    }
  };

  const load = async () => {
    setState('loading');
    setError(null);
    setLoaded(0);
    try {
      const ref = content.attachment;
      const ciphertext = await downloadAttachment(
        ref.id,
        await app.accessToken(),
        (done, size) => {
          if (alive.current && size > 0) setLoaded(Math.min(1, done / size));
        },
        ref.size + 16,
      );
      const plain = await decryptAttachment(ciphertext, ref);
      if (!alive.current || !audio.current) return;
      url.current = URL.createObjectURL(new Blob([buf(plain)], { type: audioType(ref.mime) }));
      audio.current.src = url.current;
      await play();
    } catch (e) {
      if (!alive.current) return;
      setState('error');
      setError(
        e instanceof AttachmentError
          ? t(e.code === 'hash-mismatch' ? 'voice.error.hash' : 'voice.error.decrypt')
          : describeError(e),
      );
    }
  };

  const toggle = () => {
    const a = audio.current;
    if (!a || state === 'loading') return;
    if (state === 'playing') a.pause();
    else if (url.current) void play();
    else void load();
  };

  const fraction = state === 'loading' ? loaded : total > 0 ? Math.min(1, pos / total) : 0;
  const label = t(state === 'playing' ? 'voice.pause' : 'voice.play');
  return (
    <div
      class={`voice-message voice-message-${state}`}
      data-testid="voice-message"
      data-state={state}
      role="group"
      aria-label={t('voice.label', { duration: formatDuration(total) })}
    >
      <button
        type="button"
        class="voice-play"
        onClick={toggle}
        disabled={state === 'loading'}
        aria-label={state === 'error' ? t('voice.retry') : label}
        title={state === 'error' ? t('voice.retry') : label}
        data-testid="voice-play"
      >
        {state === 'error' ? <RetryIcon size={16} /> : state === 'playing' ? <PauseIcon size={16} /> : <PlayIcon size={16} />}
      </button>
      <div class="voice-body">
        <progress
          class={`voice-progress${state === 'loading' ? ' is-loading' : ''}`}
          max={1000}
          value={Math.round(fraction * 1000)}
          aria-label={state === 'loading' ? t('voice.loading', { percent: Math.round(loaded * 100) }) : t('voice.position')}
        />
        <span class="voice-times">
          {(state === 'playing' || state === 'paused') && pos > 0 && <span class="voice-elapsed">{formatDuration(pos)} / </span>}
          <span data-testid="voice-duration">{formatDuration(total)}</span>
        </span>
        {state === 'error' && error && (
          <span class="voice-error" role="alert" data-testid="voice-error">
            <AlertIcon size={13} />
            <span>{error}</span>
          </span>
        )}
      </div>
      <audio
        ref={audio}
        class="voice-audio"
        preload="auto"
        onPlay={() => alive.current && setState('playing')}
        onPause={() => alive.current && setState((s) => (s === 'playing' ? 'paused' : s))}
        onEnded={() => {
          if (!alive.current) return;
          setPos(0);
          setState('paused');
          if (audio.current) audio.current.currentTime = 0;
        }}
        onTimeUpdate={(e) => alive.current && setPos(Math.min(total, e.currentTarget.currentTime * 1000))}
      />
    </div>
  );
}

/** The clip's MIME type when it is an audio type, else a neutral one (the browser sniffs the container). */
function audioType(mime: string): string {
  return /^audio\/[\w.+-]+(\s*;\s*[\w-]+=[\w."-]+)*$/i.test(mime) ? mime : 'application/octet-stream';
}
