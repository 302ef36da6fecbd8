import './image.css';
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatApp } from '../../app/model';
import { t } from '../../i18n';
import { AlertIcon, CloseIcon, LockIcon, RetryIcon } from '../common/icons';
import { showToast } from '../common/toast';
import { useApp } from '../context';
import { ImagePlusIcon, ImageSecretIcon, UploadIcon } from './ImageIcons';
import { discardUpload, retryUpload, sendImageFiles, uploads } from '../../app/imageSend';
import { IMAGE_ACCEPT, imageErrorText } from './imageText';
import { StegoDialog } from './StegoDialog';

const refuse = (error: unknown) => showToast(imageErrorText(error), 'error');

/** The composer's image actions: attach (picker) and hidden message (dialog). */
export function ImageComposerButtons({ peer, disabled }: { peer: string; disabled: boolean }) {
  const app = useApp();
  const input = useRef<HTMLInputElement>(null);
  const [stego, setStego] = useState(false);
  return (
    <div class="image-tools">
      <input
        ref={input}
        type="file"
        accept={IMAGE_ACCEPT}
        multiple
        class="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        disabled={disabled}
        data-testid="image-attach"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length) void sendImageFiles(app, peer, files, refuse);
        }}
      />
      <button
        type="button"
        class="icon-button image-tool"
        disabled={disabled}
        onClick={() => input.current?.click()}
        aria-label={t('image.attach')}
        title={t('image.attach')}
        data-testid="image-attach-button"
      >
        <ImagePlusIcon size={20} />
      </button>
      <button
        type="button"
        class="icon-button image-tool"
        disabled={disabled}
        onClick={() => setStego(true)}
        aria-label={t('stego.open')}
        title={t('stego.open')}
        data-testid="stego-open"
      >
        <ImageSecretIcon size={20} />
      </button>
      {stego && <StegoDialog peer={peer} onClose={() => setStego(false)} />}
    </div>
  );
}

/** Files pasted into the composer are sent as images (or refused with a reason); text pastes are left alone. */
export function pasteImages(app: ChatApp, peer: string, e: ClipboardEvent, disabled: boolean): void {
  const files = Array.from(e.clipboardData?.files ?? []);
  if (!files.length) return;
  e.preventDefault();
  if (disabled) return;
  void sendImageFiles(app, peer, files, refuse);
}

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * Pending image bubbles (encrypting, uploading with progress, sending, failed with retry) and the drop zone over the
 * conversation. `anchor` is any element inside the conversation pane: the pane around it receives the drops.
 */
export function ImageUploadArea({ peer, disabled, anchor }: { peer: string; disabled: boolean; anchor: RefObject<HTMLElement | null> }) {
  const app = useApp();
  const [dragging, setDragging] = useState(false);
  const state = useRef({ peer, disabled });
  state.current = { peer, disabled };

  useEffect(() => {
    const pane = anchor.current?.closest<HTMLElement>('.conversation-pane');
    if (!pane) return;
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = state.current.disabled ? 'none' : 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length && !state.current.disabled) void sendImageFiles(app, state.current.peer, files, refuse);
    };
    pane.addEventListener('dragenter', enter);
    pane.addEventListener('dragover', over);
    pane.addEventListener('dragleave', leave);
    pane.addEventListener('drop', drop);
    return () => {
      pane.removeEventListener('dragenter', enter);
      pane.removeEventListener('dragover', over);
      pane.removeEventListener('dragleave', leave);
      pane.removeEventListener('drop', drop);
    };
  }, []);

  const mine = uploads.value.filter((u) => u.peer === peer);
  return (
    <>
      {mine.length > 0 && (
        <ol class="image-uploads" aria-label={t('image.pending')}>
          {mine.map((u) => (
            <li key={u.id} class={`image-upload is-${u.phase}`} data-testid="image-upload" data-phase={u.phase}>
              <div class="image-upload-bubble">
                <span class="image-upload-thumb">
                  <img src={u.thumbnail} alt="" />
                  {u.stego && (
                    <span class="image-upload-lock">
                      <LockIcon size={12} />
                    </span>
                  )}
                </span>
                <div class="image-upload-body">
                  {u.phase === 'failed' ? (
                    <>
                      <p class="image-upload-error" role="alert">
                        <AlertIcon size={14} />
                        <span>{imageErrorText(u.error)}</span>
                      </p>
                      <div class="image-upload-actions">
                        <button type="button" class="button button-small" onClick={() => retryUpload(u.id)} data-testid="upload-retry">
                          <RetryIcon size={14} />
                          <span>{t('image.retry')}</span>
                        </button>
                        <button type="button" class="icon-button" onClick={() => discardUpload(u.id)} aria-label={t('image.discard')}>
                          <CloseIcon size={16} />
                        </button>
                      </div>
                    </>
                  ) : (
                    <>
                      <span class="image-upload-label">
                        {u.phase === 'encrypting'
                          ? t('image.encrypting')
                          : u.phase === 'sending'
                            ? t('image.sending')
                            : t('image.uploadingPercent', { percent: u.percent })}
                      </span>
                      <progress
                        class="image-progress"
                        max={100}
                        value={u.phase === 'encrypting' ? undefined : u.percent}
                        aria-label={t('image.uploading')}
                        data-testid="upload-progress"
                        data-percent={u.percent}
                      />
                    </>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
      {dragging && (
        <div class={`image-dropzone${disabled ? ' is-disabled' : ''}`} data-testid="image-dropzone" aria-hidden="true">
          <div class="image-dropzone-inner">
            <UploadIcon size={32} />
            <span>{t(disabled ? 'composer.blocked' : 'image.dropHint')}</span>
          </div>
        </div>
      )}
    </>
  );
}
