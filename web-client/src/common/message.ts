/** The shape of a chat message, shared by the store (which caches it), media (attachments) and the app. */

export type MessageStatus = 'sending' | 'accepted' | 'delivered' | 'failed' | 'received';

/** The decrypted payload of a message. Media kinds (image, stego image, voice) are added by the media module. */
export type MessageContent = { kind: 'text'; text: string } | MediaContent;

/** An encrypted attachment as referenced from inside a message (docs/crypto.md). */
export interface AttachmentRef {
  id: string;
  key: string;
  iv: string;
  sha256: string;
  mime: string;
  size: number;
}
export type MediaContent =
  | {
      kind: 'image';
      attachment: AttachmentRef;
      width: number;
      height: number;
      /** small JPEG/PNG data: URL, decrypted (it travelled inside the encrypted message) */
      thumbnail: string;
      /** present for a hidden-message image: the key and IV that open the hidden text in the pixels */
      stego?: { key: string; iv: string };
    }
  | { kind: 'voice'; attachment: AttachmentRef; durationMs: number };

export interface ChatMessage {
  /** message id (= relay frame id) */
  id: string;
  peer: string;
  outgoing: boolean;
  /** ms since epoch: when sent (outgoing) or when the relay accepted it (incoming) */
  at: number;
  status: MessageStatus;
  content: MessageContent;
}
