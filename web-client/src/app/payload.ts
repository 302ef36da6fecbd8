/**
 * What travels inside an envelope: UTF-8 JSON of one payload. Everything decrypted is still untrusted input from the
 * network: it is shape-checked here and rebuilt from the known fields only, and it is only ever rendered as text.
 */
import type { AttachmentRef, MediaContent, MessageContent } from './model';

export type Payload =
  | { t: 'text'; text: string }
  | { t: 'media'; content: MediaContent }
  | { t: 'receipt'; ids: string[] }
  | ({ t: 'call' } & Record<string, unknown>);

/** Upper bound on a payload's UTF-8 size: the envelope (key exchange, base64) must stay under the relay's 64 KiB. */
export const MAX_PAYLOAD_BYTES = 40_000;
/** At most this many ids in one receipt. */
export const MAX_RECEIPT_IDS = 200;

export const USERNAME_RE = /^[a-z0-9_.-]{3,32}$/;
const QR_RE = /^miyu:user:([a-z0-9_.-]{3,32})$/;
const ID_RE = /^[0-9a-fA-F-]{1,64}$/;

export function userQrText(username: string): string {
  return `miyu:user:${username}`;
}

/** The username of a friend QR code, or null when the text is not exactly "miyu:user:<valid username>". */
export function parseUserQrText(text: string): string | null {
  if (typeof text !== 'string') return null;
  const m = QR_RE.exec(text);
  return m ? m[1] : null;
}

const isStr = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function attachment(v: unknown): AttachmentRef | null {
  if (!v || typeof v !== 'object') return null;
  const a = v as Record<string, unknown>;
  if (!isStr(a.id, 100) || !isStr(a.key, 200) || !isStr(a.iv, 100) || !isStr(a.sha256, 200) || !isStr(a.mime, 100)) {
    return null;
  }
  if (!isNum(a.size)) return null;
  return { id: a.id, key: a.key, iv: a.iv, sha256: a.sha256, mime: a.mime, size: a.size };
}

/** A media content rebuilt from its known fields, or null. Thumbnails must be data: image URLs. */
export function mediaContent(v: unknown): MediaContent | null {
  if (!v || typeof v !== 'object') return null;
  const c = v as Record<string, unknown>;
  const ref = attachment(c.attachment);
  if (!ref) return null;
  if (c.kind === 'image') {
    if (!isNum(c.width) || !isNum(c.height) || !isStr(c.thumbnail, 60_000)) return null;
    if (!/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]*$/.test(c.thumbnail)) return null;
    const image: MediaContent = { kind: 'image', attachment: ref, width: c.width, height: c.height, thumbnail: c.thumbnail };
    if (c.stego !== undefined) {
      const s = c.stego as Record<string, unknown> | null;
      if (!s || typeof s !== 'object' || !isStr(s.key, 200) || !isStr(s.iv, 100)) return null;
      image.stego = { key: s.key, iv: s.iv };
    }
    return image;
  }
  if (c.kind === 'voice') {
    if (!isNum(c.durationMs)) return null;
    return { kind: 'voice', attachment: ref, durationMs: c.durationMs };
  }
  return null;
}

/** Parses a decrypted payload; null when it is none of the known kinds or malformed. */
export function parsePayload(json: string): Payload | null {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const p = v as Record<string, unknown>;
  switch (p.t) {
    case 'text':
      return isStr(p.text, MAX_PAYLOAD_BYTES) ? { t: 'text', text: p.text } : null;
    case 'media': {
      const content = mediaContent(p.content);
      return content ? { t: 'media', content } : null;
    }
    case 'receipt':
      return Array.isArray(p.ids) && p.ids.length <= MAX_RECEIPT_IDS && p.ids.every((id) => isStr(id) && ID_RE.test(id))
        ? { t: 'receipt', ids: p.ids as string[] }
        : null;
    case 'call':
      return { ...p, t: 'call' };
    default:
      return null;
  }
}

/** The payload that carries a message's content. */
export function contentPayload(content: MessageContent): Payload {
  return content.kind === 'text' ? { t: 'text', text: content.text } : { t: 'media', content };
}

/** The message content of a text or media payload. */
export function payloadContent(p: Payload): MessageContent | null {
  if (p.t === 'text') return { kind: 'text', text: p.text };
  if (p.t === 'media') return p.content;
  return null;
}
