import { t } from '../../i18n';
import { useModalDialog } from '../common/Dialog';
import { CloseIcon } from '../common/icons';
import { DownloadIcon } from './ImageIcons';

interface Props {
  /** object URL of the decrypted image; the owner revokes it after onClose */
  url: string;
  filename: string;
  width: number;
  height: number;
  onClose(): void;
  /** the browser could not render the image after all */
  onError(): void;
}

/**
 * The full image on a native modal <dialog> (focus trap, Escape, focus restored), with a save button that downloads
 * the decrypted file exactly as received (a saved hidden-message PNG still carries its hidden bits).
 */
export function ImageLightbox({ url, filename, width, height, onClose, onError }: Props) {
  const ref = useModalDialog(onClose);

  return (
    <dialog
      ref={ref}
      class="image-lightbox"
      aria-label={t('image.lightbox')}
      data-testid="image-lightbox"
      onClick={(e) => {
        if (e.target === ref.current || (e.target as HTMLElement).classList.contains('image-lightbox-stage')) ref.current?.close();
      }}
    >
      <div class="image-lightbox-bar">
        <span class="image-lightbox-size">{t('image.dimensions', { width, height })}</span>
        <a class="button button-small image-lightbox-save" href={url} download={filename} data-testid="image-save">
          <DownloadIcon size={16} />
          <span>{t('image.save')}</span>
        </a>
        <button type="button" class="icon-button image-lightbox-close" aria-label={t('common.close')} onClick={() => ref.current?.close()} data-testid="image-close">
          <CloseIcon size={20} />
        </button>
      </div>
      <div class="image-lightbox-stage">
        <img class="image-full" src={url} alt={t('image.alt')} data-testid="image-full" onError={onError} />
      </div>
    </dialog>
  );
}
