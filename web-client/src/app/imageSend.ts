/**
 * Sending images and hidden-message images: checks a picked, pasted or dropped file, encrypts it under a
 * fresh key (src/media/attachment.ts), uploads the ciphertext with progress, then sends the reference end-to-end
 * encrypted through app.sendContent. Uploads in flight are kept in a module signal so that they survive switching
 * conversations; the composer shows them as pending bubbles.
 */
import { signal } from '@preact/signals';
import { encryptAttachment } from '../media/attachment';
import { buf } from '../media/encoding';
import { checkImageFile, ImageError, imageInfo, makeThumbnail, MAX_IMAGE_BYTES, sniffImageType, toRgba, type ImageMime } from '../media/image';
import { hideText, textCapacity, type Rgba } from '../media/stego';
import { uploadAttachment } from '../net/attachments';
import type { ChatApp, MediaContent } from './model';

/** At most this many files from one drop or paste. */
const MAX_FILES_AT_ONCE = 10;
/** Thumbnails travel inside the message (payload limit 40 000 bytes): keep them well below that. */
const MAX_THUMBNAIL_CHARS = 24_000;
/** Longest side tried for a stego cover, largest first: the PNG must stay within the attachment limit. */
const STEGO_SIDES = [1600, 1200, 800] as const;

export interface CheckedImage {
  blob: Blob;
  bytes: Uint8Array;
  mime: ImageMime;
  width: number;
  height: number;
}

/**
 * Accepts a JPEG/PNG/GIF/WebP file within 10 MB that the browser can decode. The size is checked before reading the
 * file; the type comes from its magic bytes. Throws ImageError('too-large' | 'not-an-image').
 */
export async function checkImage(file: Blob): Promise<CheckedImage> {
  if (file.size > MAX_IMAGE_BYTES) throw new ImageError('too-large');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mime = checkImageFile(file, bytes);
  const blob = new Blob([buf(bytes)], { type: mime });
  const { width, height } = await imageInfo(blob);
  return { blob, bytes, mime, width, height };
}

/** A small JPEG data: URL for the message; smaller again when a large, noisy image gives a heavy one. */
export async function thumbnailOf(blob: Blob): Promise<string> {
  const first = await makeThumbnail(blob, 240, 0.72);
  if (first.length <= MAX_THUMBNAIL_CHARS) return first;
  const second = await makeThumbnail(blob, 160, 0.6);
  return second.length <= MAX_THUMBNAIL_CHARS ? second : makeThumbnail(blob, 96, 0.5);
}

// --- uploads in flight -------------------------------------------------------------------------------------------

export type UploadPhase = 'encrypting' | 'uploading' | 'sending' | 'failed';
export interface Upload {
  id: string;
  peer: string;
  stego: boolean;
  thumbnail: string;
  phase: UploadPhase;
  /** 0–100 */
  percent: number;
  /** why the last attempt failed (the UI words it), or null */
  error: unknown;
}

export const uploads = signal<readonly Upload[]>([]);
const retries = new Map<string, () => void>();

function patch(id: string, change: Partial<Upload>): void {
  uploads.value = uploads.value.map((u) => (u.id === id ? { ...u, ...change } : u));
}

export function retryUpload(id: string): void {
  retries.get(id)?.();
}

export function discardUpload(id: string): void {
  retries.delete(id);
  uploads.value = uploads.value.filter((u) => u.id !== id);
}

interface Job {
  bytes: Uint8Array;
  mime: string;
  width: number;
  height: number;
  thumbnail: string;
  stego?: { key: string; iv: string };
}

/** Encrypts, uploads (progress shown as a pending bubble), then sends the message. Failures stay with a retry. */
function launch(app: ChatApp, peer: string, job: Job): void {
  const id = crypto.randomUUID();
  uploads.value = [
    ...uploads.value,
    { id, peer, stego: !!job.stego, thumbnail: job.thumbnail, phase: 'encrypting', percent: 0, error: null },
  ];
  let sealed: Awaited<ReturnType<typeof encryptAttachment>> | null = null;
  let attachmentId: string | null = null;

  const run = async () => {
    patch(id, { phase: sealed ? 'uploading' : 'encrypting', error: null, percent: attachmentId ? 100 : 0 });
    try {
      sealed ??= await encryptAttachment(job.bytes, job.mime);
      if (!attachmentId) {
        patch(id, { phase: 'uploading' });
        const token = await app.accessToken();
        attachmentId = await uploadAttachment(sealed.ciphertext, token, (loaded, total) => {
          if (total > 0) patch(id, { percent: Math.min(100, Math.floor((loaded * 100) / total)) });
        });
      }
      patch(id, { phase: 'sending', percent: 100 });
      const content: MediaContent = {
        kind: 'image',
        attachment: { id: attachmentId, ...sealed.ref },
        width: job.width,
        height: job.height,
        thumbnail: job.thumbnail,
        ...(job.stego ? { stego: job.stego } : {}),
      };
      try {
        await app.sendContent(peer, content);
      } catch (error) {
        // once the message is in the conversation it carries its own "failed" state and retry
        const shown = app.messages.value.some((m) => m.content.kind === 'image' && m.content.attachment.id === attachmentId);
        if (shown) {
          discardUpload(id);
          return;
        }
        throw error;
      }
      discardUpload(id);
    } catch (error) {
      patch(id, { phase: 'failed', error });
    }
  };
  retries.set(id, () => void run());
  void run();
}

/** Checks and sends an image file. Throws (for a toast) when the file is not an acceptable image. */
export async function sendImageFile(app: ChatApp, peer: string, file: Blob): Promise<void> {
  const image = await checkImage(file);
  const thumbnail = await thumbnailOf(image.blob);
  launch(app, peer, { bytes: image.bytes, mime: image.mime, width: image.width, height: image.height, thumbnail });
}

/** Sends the image files of a pick, paste or drop one after another; one toast for the first refused file. */
export async function sendImageFiles(app: ChatApp, peer: string, files: readonly File[], onRefused: (error: unknown) => void): Promise<void> {
  let refused: { error: unknown } | null = null;
  for (const file of files.slice(0, MAX_FILES_AT_ONCE)) {
    try {
      await sendImageFile(app, peer, file);
    } catch (error) {
      refused ??= { error };
    }
  }
  if (refused) onRefused(refused.error);
}

// --- hidden-message images -----------------------------------------------------------------------------------------

export interface StegoCover {
  image: CheckedImage;
  /** the cover's pixels at the largest size tried (what the capacity shown is computed from) */
  rgba: Rgba;
  thumbnail: string;
  /** UTF-8 bytes of hidden text that fit */
  capacity: number;
}

/** Checks a cover image (any supported format) and decodes its pixels for the PNG that will carry the text. */
export async function prepareCover(file: Blob): Promise<StegoCover> {
  const image = await checkImage(file);
  const rgba = await toRgba(image.blob, STEGO_SIDES[0]);
  return { image, rgba, thumbnail: await thumbnailOf(image.blob), capacity: textCapacity(rgba.width, rgba.height) };
}

/**
 * Encrypts the text and writes it into the cover's pixel LSBs (fast-png, src/media/stego.ts), then sends the PNG as an
 * image attachment whose message carries the text's key and IV. When the PNG would exceed the attachment limit the
 * cover is scaled down, as long as the text still fits. Throws StegoError / ImageError before anything is uploaded.
 */
export async function sendStegoImage(app: ChatApp, peer: string, cover: StegoCover, text: string): Promise<void> {
  let rgba = cover.rgba;
  for (let i = 0; ; i++) {
    const { png, key, iv } = await hideText(rgba, text);
    if (png.length <= MAX_IMAGE_BYTES && sniffImageType(png) === 'image/png') {
      launch(app, peer, { bytes: png, mime: 'image/png', width: rgba.width, height: rgba.height, thumbnail: cover.thumbnail, stego: { key, iv } });
      return;
    }
    const next = STEGO_SIDES[i + 1];
    if (!next) throw new ImageError('too-large');
    rgba = await toRgba(cover.image.blob, next);
  }
}
