/**
 * Image checks (pure, unit-tested) and small browser-only helpers (createImageBitmap + canvas) for dimensions,
 * thumbnails and stego cover conversion. The stego PNG itself never goes through a canvas (see stego.ts).
 */
import { MAX_PLAINTEXT_BYTES } from './attachment';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/**
 * Largest image accepted: 10 MiB less the 16-byte GCM tag, so that the encrypted upload stays within the server's
 * 10 MiB limit.
 */
export const MAX_IMAGE_BYTES = MAX_PLAINTEXT_BYTES;

export type ImageErrorCode = 'too-large' | 'not-an-image';
export class ImageError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'ImageError';
  }
}

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** The image type by magic bytes (the first 12 bytes are enough), or null. */
export function sniffImageType(bytes: Uint8Array): ImageMime | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** Accepts a JPEG/PNG/GIF/WebP file within the size limit and returns its real type; throws ImageError otherwise. */
export function checkImageFile(file: { size: number }, bytes: Uint8Array): ImageMime {
  if (file.size > MAX_IMAGE_BYTES) {
    throw new ImageError('too-large', `images may be at most ${MAX_IMAGE_BYTES} bytes`);
  }
  const mime = sniffImageType(bytes);
  if (!mime) throw new ImageError('not-an-image', 'not a JPEG, PNG, GIF or WebP image');
  return mime;
}

// --- browser only ---------------------------------------------------------------------------------------------------

async function bitmap(blob: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new ImageError('not-an-image', 'the image could not be decoded');
  }
}

function canvas2d(width: number, height: number): {
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  el: HTMLCanvasElement | OffscreenCanvas;
} {
  const el: HTMLCanvasElement | OffscreenCanvas =
    typeof document !== 'undefined' ? document.createElement('canvas') : new OffscreenCanvas(width, height);
  el.width = width;
  el.height = height;
  const ctx = el.getContext('2d', { willReadFrequently: true }) as
    | CanvasRenderingContext2D
    | OffscreenCanvasRenderingContext2D
    | null;
  if (!ctx) throw new Error('no 2D canvas');
  return { ctx, el };
}

function fit(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function imageInfo(blob: Blob): Promise<{ width: number; height: number }> {
  const bmp = await bitmap(blob);
  const info = { width: bmp.width, height: bmp.height };
  bmp.close();
  return info;
}

/** A small JPEG data: URL (longest side ≤ maxSide, transparent areas on white) to travel inside the message. */
export async function makeThumbnail(blob: Blob, maxSide = 160, quality = 0.7): Promise<string> {
  const bmp = await bitmap(blob);
  const size = fit(bmp.width, bmp.height, maxSide);
  const { ctx, el } = canvas2d(size.width, size.height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.drawImage(bmp, 0, 0, size.width, size.height);
  bmp.close();
  if ('toDataURL' in el) return el.toDataURL('image/jpeg', quality);
  const jpeg = await el.convertToBlob({ type: 'image/jpeg', quality });
  return await new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result as string);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(jpeg);
  });
}

/**
 * Decodes a cover image (any supported format) to RGBA pixels, scaled down so that its longest side is at most
 * maxSide (keeps the resulting PNG within the attachment limit). Canvas is fine here: these are the cover's pixels,
 * the hidden bits are written afterwards and encoded exactly by fast-png.
 */
export async function toRgba(
  blob: Blob,
  maxSide = 1600,
): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const bmp = await bitmap(blob);
  const size = fit(bmp.width, bmp.height, maxSide);
  const { ctx } = canvas2d(size.width, size.height);
  ctx.drawImage(bmp, 0, 0, size.width, size.height);
  bmp.close();
  const img = ctx.getImageData(0, 0, size.width, size.height);
  return { width: img.width, height: img.height, data: img.data };
}
