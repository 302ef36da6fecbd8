/**
 * Encrypted attachments (DESIGN §5, docs/protocol.md "Attachments"): each file gets a fresh random AES-256-GCM key and
 * 96-bit IV; only the ciphertext is uploaded. The message carries id, key, IV, SHA-256 of the ciphertext, MIME type
 * and plaintext size (AttachmentRef). The receiver checks the hash before decrypting.
 */
import type { AttachmentRef } from '../common/message';
import { aesGcmOpen, buf, freshAesKey, sha256Hex } from './encoding';

/** The server's limit on an uploaded body (ciphertext). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** AES-GCM adds a 16-byte tag: the largest plaintext whose ciphertext the server still accepts. */
export const MAX_PLAINTEXT_BYTES = MAX_ATTACHMENT_BYTES - 16;

export type AttachmentErrorCode = 'hash-mismatch' | 'decrypt-failed';
export class AttachmentError extends Error {
  constructor(
    readonly code: AttachmentErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'AttachmentError';
  }
}

export async function encryptAttachment(
  plain: Uint8Array,
  mime: string,
): Promise<{ ciphertext: Uint8Array; ref: Omit<AttachmentRef, 'id'> }> {
  const { key, keyB64, iv, ivB64 } = await freshAesKey();
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, buf(plain)));
  return {
    ciphertext,
    ref: { key: keyB64, iv: ivB64, sha256: await sha256Hex(ciphertext), mime, size: plain.length },
  };
}

/** Checks the ciphertext's SHA-256 against the reference, then decrypts. */
export async function decryptAttachment(
  ciphertext: Uint8Array,
  ref: Pick<AttachmentRef, 'key' | 'iv' | 'sha256'>,
): Promise<Uint8Array> {
  const hash = await sha256Hex(ciphertext);
  if (hash !== ref.sha256.toLowerCase()) {
    throw new AttachmentError('hash-mismatch', 'the downloaded attachment does not match its hash');
  }
  const plain = await aesGcmOpen(ciphertext, ref.key, ref.iv);
  if (!plain) throw new AttachmentError('decrypt-failed', 'the attachment could not be decrypted');
  return plain;
}
