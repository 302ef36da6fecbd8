import './image.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MediaContent } from '../../app/model';
import { t } from '../../i18n';
import { decryptAttachment } from '../../media/attachment';
import { downloadAttachment } from '../../net/attachments';
import { buf } from '../../media/encoding';
import { ImageError, imageInfo, sniffImageType, type ImageMime } from '../../media/image';
import { revealText } from '../../media/stego';
import { AlertIcon, ImageIcon, LockIcon, RetryIcon } from '../common/icons';
import { useApp } from '../context';
import { imageErrorText, thumbnailBox } from './imageText';
import { ImageLightbox } from './ImageLightbox';
import { StegoReveal } from './StegoReveal';

type ImageContent = Extract<MediaContent, { kind: 'image' }>;
type State = 'thumbnail' | 'loading' | 'full' | 'error';
interface Plain {
  bytes: Uint8Array;
  mime: ImageMime;
}

/**
 * An image message: the thumbnail that travelled inside the encrypted message is shown at once; a click downloads the
 * ciphertext (progress), checks its hash, decrypts, checks that it is an image the browser can decode, and shows it
 * in a lightbox. A hidden-message image has a lock: it extracts and decrypts the text into a modal that lives in this
 * component's state only (never the message store or the cache) and is dropped on close.
 */
export function ImageMessage({ content }: { content: ImageContent }) {
  const app = useApp();
  const [state, setState] = useState<State>('thumbnail');
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fullUrl, setFullUrl] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [thumbBroken, setThumbBroken] = useState(false);
  /** the decrypted file, kept while the bubble is on screen so that the lock and the lightbox download it once */
  const plain = useRef<Plain | null>(null);
  const alive = useRef(true);
  const urlRef = useRef<string | null>(null);
  const ref = content.attachment;

  useEffect(
    () => () => {
      alive.current = false;
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
      plain.current = null;
    },
    [],
  );

  const fetchPlain = async (): Promise<Plain> => {
    if (plain.current) return plain.current;
    setPercent(0);
    const token = await app.accessToken();
    const ciphertext = await downloadAttachment(
      ref.id,
      token,
      (loaded, total) => {
        if (alive.current && total > 0) setPercent(Math.min(100, Math.floor((loaded * 100) / total)));
      },
      ref.size + 16,
    );
    const bytes = await decryptAttachment(ciphertext, ref);
    const mime = sniffImageType(bytes);
    if (!mime) throw new ImageError('not-an-image');
    await imageInfo(new Blob([buf(bytes)], { type: mime })); // decodes, or ImageError: never a broken <img>
    plain.current = { bytes, mime };
    return plain.current;
  };

  /** what the retry button repeats */
  const last = useRef<'open' | 'reveal'>('open');

  const run = async (action: 'open' | 'reveal', then: (p: Plain) => Promise<void>) => {
    if (state === 'loading') return;
    last.current = action;
    setState('loading');
    setError(null);
    try {
      const p = await fetchPlain();
      if (!alive.current) return;
      await then(p);
    } catch (e) {
      if (!alive.current) return;
      setError(imageErrorText(e));
      setState('error');
    } finally {
      if (alive.current) setPercent(null);
    }
  };

  const openFull = () =>
    run('open', async (p) => {
      const url = URL.createObjectURL(new Blob([buf(p.bytes)], { type: p.mime }));
      urlRef.current = url;
      setFullUrl(url);
      setState('full');
    });

  const closeFull = () => {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    urlRef.current = null;
    setFullUrl(null);
    setState('thumbnail');
  };

  const fullFailed = () => {
    closeFull();
    setError(t('image.err.invalid'));
    setState('error');
  };

  const stego = content.stego;
  const reveal = stego
    ? () =>
        run('reveal', async (p) => {
          const text = await revealText(p.bytes, stego.key, stego.iv);
          if (!alive.current) return;
          setSecret(text);
          setState('thumbnail');
        })
    : undefined;

  const box = thumbnailBox(content.width, content.height);
  const ext = (fullUrl && plain.current?.mime.split('/')[1]?.replace('jpeg', 'jpg')) || 'png';
  return (
    <div class={`image-message${stego ? ' is-stego' : ''}`} data-testid="image-message" data-state={state} data-stego={stego ? 'true' : undefined}>
      <div class="image-frame">
        <button
          type="button"
          class="image-open"
          onClick={() => void openFull()}
          disabled={state === 'loading'}
          aria-label={t('image.open')}
          title={t('image.open')}
        >
          {thumbBroken ? (
            <span class="image-thumb-missing">
              <ImageIcon size={28} />
            </span>
          ) : (
            <img
              class="image-thumb"
              width={box.width}
              height={box.height}
              src={content.thumbnail}
              alt={t(stego ? 'stego.alt' : 'image.alt')}
              data-testid="image-thumbnail"
              onError={() => setThumbBroken(true)}
            />
          )}
        </button>
        {stego && reveal && (
          <button
            type="button"
            class="stego-lock"
            onClick={() => void reveal()}
            disabled={state === 'loading'}
            aria-label={t('stego.lock')}
            title={t('stego.lock')}
            data-testid="stego-lock"
          >
            <LockIcon size={16} />
          </button>
        )}
        {state === 'loading' && (
          <div class="image-loading" role="status">
            <progress class="image-progress" max={100} value={percent ?? undefined} data-testid="image-progress" aria-label={t('image.downloading')} />
            <span class="image-loading-text">{percent === null || percent >= 100 ? t('image.decrypting') : t('image.downloadingPercent', { percent })}</span>
          </div>
        )}
      </div>
      {state === 'error' && error && (
        <div class="image-error" role="alert" data-testid="image-error">
          <AlertIcon size={16} />
          <span class="image-error-text">{error}</span>
          <button type="button" class="image-error-retry" onClick={() => void (last.current === 'reveal' && reveal ? reveal() : openFull())}>
            <RetryIcon size={14} />
            <span>{t('image.retry')}</span>
          </button>
        </div>
      )}
      {fullUrl && <ImageLightbox url={fullUrl} filename={`miyu-${ref.id.slice(0, 8)}.${ext}`} width={content.width} height={content.height} onClose={closeFull} onError={fullFailed} />}
      {secret !== null && <StegoReveal text={secret} onClose={() => setSecret(null)} />}
    </div>
  );
}
