import type { ReadonlySignal } from '@preact/signals';
import type { ChatMessage, MediaContent } from '../common/message';

export type { AttachmentRef, ChatMessage, MediaContent, MessageContent, MessageStatus } from '../common/message';
export { ActionError } from '../net/errors';

/**
 * What the UI sees of the app: state as signals, actions as methods. CONTRACT between src/ui (renders, calls) and
 * src/app/client.ts (implements with src/net, src/store and src/crypto). The UI never touches the network, IndexedDB
 * or keys directly.
 */

/** starting: looking for a stored session; signed-out: login/register; locked: keys dropped, ask for password. */
export type Phase = 'starting' | 'signed-out' | 'locked' | 'ready';
/** replaced: another tab or browser took over the relay connection (close 4001); the user may "use here". */
export type Connection = 'offline' | 'connecting' | 'online' | 'replaced';

export type Relationship = 'none' | 'friend' | 'requested' | 'incoming';
export interface UserHit {
  username: string;
  relationship: Relationship;
}

/**
 * unknown: no bundle seen yet; pinned: first key seen is pinned; verified: the safety number was compared;
 * changed: the friend's key differs from the pinned one — sending is blocked until acceptKeyChange.
 */
export type TrustStatus = 'unknown' | 'pinned' | 'verified' | 'changed';
export interface Trust {
  status: TrustStatus;
  /** the pinned fingerprint (hex) */
  fingerprint: string | null;
  /** when status is 'changed': the new fingerprint */
  pendingFingerprint?: string;
  /** when status is 'changed': the pinned key had been verified (needs re-verification after accepting) */
  wasVerified?: boolean;
}

export interface Friend {
  username: string;
  online: boolean;
  /** ISO time or null */
  lastActive: string | null;
  trust: Trust;
}

export interface FriendRequest {
  id: string;
  /** the other party */
  username: string;
  /** ISO time */
  createdAt: string;
}

export interface Conversation {
  peer: string;
  last: ChatMessage | null;
  unread: number;
  /** hidden (archived) chats are not listed until a new message arrives */
  hidden: boolean;
}

/** Something to tell the user once (toast). `key` is an i18n key, `args` its parameters. */
export interface Notice {
  kind: 'info' | 'error';
  key: string;
  args?: Record<string, string>;
}

export interface SafetyInfo {
  /** 12 groups of 5 digits joined by spaces */
  digits: string;
  /** text to render as a QR code */
  qrText: string;
  verified: boolean;
}

export interface ChatApp {
  readonly phase: ReadonlySignal<Phase>;
  readonly username: ReadonlySignal<string | null>;
  readonly connection: ReadonlySignal<Connection>;
  /** step name while registration/login does its slow work ('derive', 'keys', 'bundle', 'backup', 'publish'), else null */
  readonly progress: ReadonlySignal<string | null>;
  readonly friends: ReadonlySignal<Friend[]>;
  readonly requests: ReadonlySignal<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }>;
  /** visible (not hidden) conversations, newest first */
  readonly conversations: ReadonlySignal<Conversation[]>;
  /** messages of the open conversation, oldest first */
  readonly messages: ReadonlySignal<ChatMessage[]>;
  readonly activePeer: ReadonlySignal<string | null>;
  readonly notice: ReadonlySignal<Notice | null>;

  /** Resumes a stored session (refresh token) into 'locked', or 'signed-out'. */
  start(): Promise<void>;
  register(username: string, email: string, password: string): Promise<void>;
  login(username: string, password: string): Promise<void>;
  /** From 'locked': derive again and reopen the keys. */
  unlock(password: string): Promise<void>;
  logout(): Promise<void>;
  /** Drops keys and decrypted state, keeps the session: phase 'locked'. Called after 15 idle minutes. */
  lock(): void;
  /** The UI calls this on user activity (resets the idle timer). */
  touch(): void;
  /** Takes the relay connection back after 'replaced'. */
  reconnect(): void;
  dismissNotice(): void;

  searchUsers(query: string): Promise<UserHit[]>;
  requestFriend(username: string): Promise<void>;
  acceptRequest(id: string): Promise<void>;
  declineRequest(id: string): Promise<void>;
  cancelRequest(id: string): Promise<void>;
  /** Removes the friendship and wipes the local history with them. */
  deleteFriend(username: string): Promise<void>;

  /** Opens (or creates) the conversation and marks it read; null closes it. */
  openConversation(peer: string | null): Promise<void>;
  sendText(peer: string, text: string): Promise<void>;
  /** Sends a media payload the media module prepared (attachment already uploaded). */
  sendContent(peer: string, content: MediaContent): Promise<void>;
  retry(peer: string, messageId: string): Promise<void>;
  hideConversation(peer: string): Promise<void>;
  deleteHistory(peer: string): Promise<void>;

  /** Accepts a changed key: pins the new fingerprint (status 'pinned'), unblocks sending. */
  acceptKeyChange(peer: string): Promise<void>;
  safety(peer: string): Promise<SafetyInfo>;
  markVerified(peer: string): Promise<void>;
  /** Text of my own QR code (scanned to add me as a friend): "miyu:user:<username>". */
  myQrText(): string;
  /** Parses a scanned friend QR code; null if it is not one. */
  parseUserQr(text: string): string | null;

  /** Bearer token for media uploads/downloads (fetch helpers in src/net). */
  accessToken(): Promise<string>;

  /**
   * Call signalling (optional members, for the media module): `onCallSignal` is called with every decrypted
   * `{t:'call', ...}` payload a friend sent; `sendCallSignal` sends one end-to-end encrypted (refused like a message
   * while the friend's key change is pending). Signals are neither stored nor answered with receipts.
   */
  onCallSignal?: (peer: string, signal: unknown) => void;
  sendCallSignal?(peer: string, signal: unknown): Promise<void>;
}
