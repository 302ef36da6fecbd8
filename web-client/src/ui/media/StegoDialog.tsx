import './image.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Dialog } from '../common/Dialog';
import { AlertIcon } from '../common/icons';
import { useApp } from '../context';
import { ImagePlusIcon } from './ImageIcons';
import { prepareCover, sendStegoImage, type StegoCover } from '../../app/imageSend';
import { IMAGE_ACCEPT, imageErrorText, utf8Length } from './imageText';

/**
 * Composes a hidden-message image: a cover image (any supported format, converted to PNG), the secret text with a live
 * UTF-8 byte count against the cover's capacity, and send. The text is held in this dialog's state only.
 */
export function StegoDialog({ peer, onClose }: { peer: string; onClose(): void }) {
  const app = useApp();
  const [cover, setCover] = useState<StegoCover | null>(null);
  const [loadingCover, setLoadingCover] = useState(false);
  const [coverError, setCoverError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const pick = async (file: File) => {
    setLoadingCover(true);
    setCoverError(null);
    setSendError(null);
    try {
      const prepared = await prepareCover(file);
      if (!alive.current) return;
      setCover(prepared);
      textArea.current?.focus();
    } catch (error) {
      if (!alive.current) return;
      setCover(null);
      setCoverError(imageErrorText(error));
    } finally {
      if (alive.current) setLoadingCover(false);
    }
  };

  const used = utf8Length(text);
  const capacity = cover?.capacity ?? 0;
  const tooLong = !!cover && used > capacity;
  const canSend = !!cover && text.length > 0 && !tooLong && !sending;

  const send = async () => {
    if (!cover || !canSend) return;
    setSending(true);
    setSendError(null);
    try {
      await sendStegoImage(app, peer, cover, text);
      if (!alive.current) return;
      setText('');
      onClose();
    } catch (error) {
      if (!alive.current) return;
      setSendError(imageErrorText(error));
    } finally {
      if (alive.current) setSending(false);
    }
  };

  return (
    <Dialog title={t('stego.title')} onClose={onClose} testid="stego-dialog">
      <p class="dialog-text">{t('stego.intro')}</p>
      <div class="stego-cover">
        <label class={`stego-cover-pick${cover ? ' has-cover' : ''}`}>
          <input
            type="file"
            accept={IMAGE_ACCEPT}
            class="visually-hidden"
            data-testid="stego-cover"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void pick(file);
            }}
          />
          {cover ? (
            <img class="stego-cover-preview" src={cover.thumbnail} alt={t('stego.coverAlt')} />
          ) : (
            <span class="stego-cover-empty">
              <ImagePlusIcon size={28} />
            </span>
          )}
          <span class="stego-cover-label">
            {loadingCover ? <span class="spinner" aria-hidden="true" /> : null}
            <span>{t(cover ? 'stego.coverChange' : 'stego.cover')}</span>
          </span>
        </label>
        <div class="stego-cover-info">
          {cover ? (
            <>
              <p class="stego-capacity" data-testid="stego-capacity" data-capacity={capacity}>
                {t('stego.capacity', { bytes: capacity })}
              </p>
              <p class="stego-cover-meta">{t('stego.coverMeta', { width: cover.rgba.width, height: cover.rgba.height })}</p>
            </>
          ) : (
            <p class="stego-cover-meta">{t('stego.coverHint')}</p>
          )}
          {coverError && (
            <p class="stego-error" role="alert" data-testid="stego-error">
              <AlertIcon size={14} />
              <span>{coverError}</span>
            </p>
          )}
        </div>
      </div>
      <label class="stego-text-label" for="stego-text">
        {t('stego.text')}
      </label>
      <textarea
        id="stego-text"
        ref={textArea}
        class={`input stego-text${tooLong ? ' is-invalid' : ''}`}
        rows={4}
        value={text}
        placeholder={t('stego.placeholder')}
        aria-invalid={tooLong}
        aria-describedby="stego-count"
        onInput={(e) => {
          setText(e.currentTarget.value);
          setSendError(null);
        }}
        data-testid="stego-text"
      />
      <p id="stego-count" class={`stego-count${tooLong ? ' is-over' : ''}`} data-testid="stego-count" aria-live="polite">
        {cover ? t('stego.count', { used, capacity }) : t('stego.countNoCover', { used })}
      </p>
      {tooLong && (
        <p class="stego-error" role="alert" data-testid="stego-too-long">
          <AlertIcon size={14} />
          <span>{t('stego.tooLong', { capacity, used })}</span>
        </p>
      )}
      {sendError && (
        <p class="stego-error" role="alert" data-testid="stego-error">
          <AlertIcon size={14} />
          <span>{sendError}</span>
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class="button button-primary" disabled={!canSend} onClick={() => void send()} data-testid="stego-send">
          {sending && <span class="spinner" aria-hidden="true" />}
          <span>{t(sending ? 'stego.preparing' : 'stego.send')}</span>
        </button>
      </div>
    </Dialog>
  );
}
