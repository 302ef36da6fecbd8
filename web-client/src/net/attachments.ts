/**
 * The attachment endpoints (docs/protocol.md "Attachments"): ciphertext up, ciphertext down, with progress — hence
 * XMLHttpRequest rather than fetch. Encryption and the hash check live in media/attachment.ts.
 */
import { ActionError, problem } from './errors';

export const ATTACHMENTS_PATH = '/api/attachments';

/** Progress callback: bytes done so far and the total (0 when unknown). */
export type Progress = (loaded: number, total: number) => void;

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
    xhr.send(new Blob([new Uint8Array(ciphertext)], { type: 'application/octet-stream' }));
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
