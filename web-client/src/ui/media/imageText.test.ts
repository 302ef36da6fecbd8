import { describe, expect, it } from 'vitest';
import { ActionError } from '../../app/model';
import { setLang } from '../../i18n';
import { AttachmentError } from '../../media/attachment';
import { ImageError } from '../../media/image';
import { StegoError } from '../../media/stego';
import { imageErrorText, thumbnailBox, utf8Length } from './imageText';

setLang('en');

describe('imageErrorText', () => {
  it('says what went wrong in words', () => {
    expect(imageErrorText(new ImageError('too-large'))).toMatch(/too large/);
    expect(imageErrorText(new ImageError('not-an-image'))).toMatch(/JPEG, PNG, GIF or WebP/);
    expect(imageErrorText(new AttachmentError('hash-mismatch'))).toMatch(/does not match the hash/);
    expect(imageErrorText(new AttachmentError('decrypt-failed'))).toMatch(/could not be decrypted/);
    expect(imageErrorText(new StegoError('no-hidden-message'))).toMatch(/No hidden message/);
    expect(imageErrorText(new StegoError('too-long', 12))).toMatch(/12 bytes/);
    expect(imageErrorText(new ActionError(0, 'network'))).toMatch(/could not be downloaded/);
    expect(imageErrorText(new ActionError(404, 'gone'))).toMatch(/expired/);
  });
});

describe('thumbnailBox and utf8Length', () => {
  it('keeps the aspect ratio within 96–240 px and survives nonsense sizes', () => {
    expect(thumbnailBox(200, 150)).toEqual({ width: 200, height: 150 });
    expect(thumbnailBox(4000, 3000)).toEqual({ width: 240, height: 180 });
    expect(thumbnailBox(10, 20)).toEqual({ width: 48, height: 96 });
    expect(thumbnailBox(10000, 10)).toEqual({ width: 240, height: 32 });
    expect(thumbnailBox(0, 0)).toEqual({ width: 160, height: 120 });
    expect(thumbnailBox(Number.NaN, 5)).toEqual({ width: 160, height: 120 });
  });

  it('counts UTF-8 bytes, as the capacity does', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('密语')).toBe(6);
    expect(utf8Length('🌙')).toBe(4);
  });
});
