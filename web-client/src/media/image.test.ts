import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { checkImageFile, ImageError, MAX_IMAGE_BYTES, sniffImageType } from './image';
import { utf8 } from './encoding';

const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1);
const png = encode({ width: 2, height: 2, data: new Uint8Array(16), depth: 8, channels: 4 });
const gif87 = utf8('GIF87a\x01\x00\x01\x00\x00\x00');
const gif89 = utf8('GIF89a\x01\x00\x01\x00\x00\x00');
const webp = Uint8Array.of(...utf8('RIFF'), 0x24, 0, 0, 0, ...utf8('WEBPVP8 '));

function imageError(fn: () => unknown): ImageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    return e as ImageError;
  }
  throw new Error('expected an ImageError');
}

describe('sniffImageType', () => {
  it('recognises JPEG, PNG, GIF and WebP by their magic bytes', () => {
    expect(sniffImageType(jpeg)).toBe('image/jpeg');
    expect(sniffImageType(png)).toBe('image/png');
    expect(sniffImageType(gif87)).toBe('image/gif');
    expect(sniffImageType(gif89)).toBe('image/gif');
    expect(sniffImageType(webp)).toBe('image/webp');
  });

  it('refuses everything else', () => {
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
    expect(sniffImageType(utf8('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(utf8('%PDF-1.7'))).toBeNull();
    expect(sniffImageType(Uint8Array.of(...utf8('RIFF'), 0, 0, 0, 0, ...utf8('WAVE')))).toBeNull(); // a WAV file
    expect(sniffImageType(png.subarray(0, 7))).toBeNull();
    expect(sniffImageType(utf8('GIF88a'))).toBeNull();
  });
});

describe('checkImageFile', () => {
  it('returns the sniffed type (not what the file name claims)', () => {
    expect(checkImageFile({ size: png.length }, png)).toBe('image/png');
    expect(checkImageFile({ size: MAX_IMAGE_BYTES }, jpeg)).toBe('image/jpeg');
  });

  it('rejects files over the limit as too-large, whatever they are', () => {
    expect(MAX_IMAGE_BYTES).toBe(10 * 1024 * 1024 - 16);
    expect(imageError(() => checkImageFile({ size: MAX_IMAGE_BYTES + 1 }, jpeg)).code).toBe('too-large');
    expect(imageError(() => checkImageFile({ size: 20 * 1024 * 1024 }, utf8('hello'))).code).toBe('too-large');
  });

  it('rejects anything that is not a supported image as not-an-image', () => {
    expect(imageError(() => checkImageFile({ size: 5 }, utf8('hello'))).code).toBe('not-an-image');
    expect(imageError(() => checkImageFile({ size: 0 }, new Uint8Array(0))).code).toBe('not-an-image');
  });
});
