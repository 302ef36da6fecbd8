/** How the UI offers, lays out and words images and hidden messages. */
import { ActionError } from '../../app/model';
import { t } from '../../i18n';
import { AttachmentError } from '../../media/attachment';
import { ImageError } from '../../media/image';
import { StegoError } from '../../media/stego';
import { describeError } from '../errors';

/** What the picker offers; the real type is decided by the file's magic bytes, never by its name or this list. */
export const IMAGE_ACCEPT = 'image/jpeg,image/png,image/gif,image/webp';

/** The thumbnail's box in the bubble: longest side between 96 and 240 px, each side at least 32 px. */
export function thumbnailBox(width: number, height: number): { width: number; height: number } {
  if (!(width > 0 && height > 0)) return { width: 160, height: 120 };
  const longest = Math.max(width, height);
  const scale = Math.min(240, Math.max(96, longest)) / longest;
  return { width: Math.max(32, Math.round(width * scale)), height: Math.max(32, Math.round(height * scale)) };
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** One line for the user about anything that went wrong with an image or a hidden message. */
export function imageErrorText(error: unknown): string {
  if (error instanceof ImageError) return t(error.code === 'too-large' ? 'image.tooLarge' : 'image.notAnImage');
  if (error instanceof AttachmentError) return t(error.code === 'hash-mismatch' ? 'image.err.hash' : 'image.err.decrypt');
  if (error instanceof StegoError) {
    if (error.code === 'too-long') return t('stego.tooLongShort', { capacity: error.capacity ?? 0 });
    return t(error.code === 'no-hidden-message' ? 'stego.err.none' : 'stego.err.decrypt');
  }
  if (error instanceof ActionError) {
    if (error.status === 413) return t('image.tooLarge');
    if (error.status === 404) return t('image.err.gone');
    if (error.status === 409 && error.detail === 'key-changed') return t('composer.blocked');
    if (error.status === 0) return t('image.err.network');
  }
  return describeError(error);
}
