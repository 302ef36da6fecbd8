/**
 * Encrypted attachments (DESIGN §5, docs/protocol.md "Attachments"): each file gets a fresh random AES-256-GCM key and
 * 96-bit IV; only the ciphertext is uploaded. The message carries id, key, IV, SHA-256 of the ciphertext, MIME type
 * and plaintext size (AttachmentRef). The receiver checks the hash before decrypting.
 */
import { ActionError, type AttachmentRef } from '../app/model';
import { aesGcmOpen, buf, freshAesKey, sha256Hex } from './encoding';

/** The server's limit on an uploaded body (ciphertext). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** AES-GCM adds a 16-byte tag: the largest plaintext whose ciphertext the server still accepts. */
export const MAX_PLAINTEXT_BYTES = MAX_ATTACHMENT_BYTES - 16;
export const ATTACHMENTS_PATH = '/api/attachments';

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

/** Progress callback: bytes done so far and the total (0 when unknown). */
export type Progress = (loaded: number, total: number) => void;

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

/** Uploads ciphertext; resolves with the blob id. HTTP errors reject with ActionError(status, server's detail). */
export function uploadAttachment(ciphertext: Uint8Array, token: string, onProgress?: Progress): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', ATTACHMENTS_PATH);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.responseType = 'text';
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : ciphertext.length);
    }
    xhr.onerror = () => reject(new ActionError(0, 'network error while uploading the attachment'));
    xhr.onabort = () => reject(new ActionError(0, 'upload aborted'));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(problem(xhr.status, xhr.statusText, xhr.responseText));
        return;
      }
      try {
        const id = (JSON.parse(xhr.responseText) as { id?: unknown }).id;
        if (typeof id !== 'string' || !id) throw new Error('no id');
        onProgress?.(ciphertext.length, ciphertext.length);
        resolve(id);
      } catch {
        reject(new ActionError(xhr.status, 'the server answered the upload without an attachment id'));
      }
    };
    xhr.send(new Blob([buf(ciphertext)], { type: 'application/octet-stream' }));
  });
}

/**
 * Downloads a blob's ciphertext. `expectedBytes` (ciphertext size = ref.size + 16) is reported as the total when the
 * server does not send a Content-Length.
 */
export function downloadAttachment(
  id: string,
  token: string,
  onProgress?: Progress,
  expectedBytes = 0,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', `${ATTACHMENTS_PATH}/${encodeURIComponent(id)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'arraybuffer';
    if (onProgress) {
      xhr.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : expectedBytes);
    }
    xhr.onerror = () => reject(new ActionError(0, 'network error while downloading the attachment'));
    xhr.onabort = () => reject(new ActionError(0, 'download aborted'));
    xhr.onload = () => {
      const body = xhr.response instanceof ArrayBuffer ? new Uint8Array(xhr.response) : new Uint8Array(0);
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(problem(xhr.status, xhr.statusText, new TextDecoder().decode(body)));
        return;
      }
      onProgress?.(body.length, body.length);
      resolve(body);
    };
    xhr.send();
  });
}

/** An application/problem+json answer as ActionError carrying the server's detail (or title, or the status line). */
export function problem(status: number, statusText: string, body: string): ActionError {
  let detail = '';
  try {
    const p = JSON.parse(body) as { detail?: unknown; title?: unknown };
    if (typeof p.detail === 'string' && p.detail) detail = p.detail;
    else if (typeof p.title === 'string' && p.title) detail = p.title;
  } catch {
    // not JSON: fall through
  }
  return new ActionError(status, detail || `HTTP ${status}${statusText ? ` ${statusText}` : ''}`);
}
