import jsQR from 'jsqr';

/** Reads a QR code from the pixels of a canvas-drawable source; tries a few sizes because jsQR likes ~1000 px. */
export function decodeQrFrom(source: CanvasImageSource, width: number, height: number, sizes = [1024, 512, 2048]): string | null {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  for (const max of sizes) {
    const scale = Math.min(1, max / Math.max(width, height));
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
    if (code?.data) return code.data;
    if (scale === 1) break;
  }
  return null;
}

/** A picture of a QR code chosen by the user → its text, or null. */
export async function decodeQrFile(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  try {
    return decodeQrFrom(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}
