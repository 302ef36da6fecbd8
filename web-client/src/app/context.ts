/**
 * What the parts of an unlocked session (trust, contacts, conversations, outbound, inbound) share, and the two helpers
 * they all use. A leaf module: the parts import it, never each other's owner (session.ts).
 */
import type { Identity } from '../crypto';
import type { Api } from '../net/api';
import { ActionError } from '../net/errors';
import type { RelayClient } from '../net/relay';
import type { AccountStore } from '../store/db';
import type { Notice } from './model';
import { USERNAME_RE } from './payload';
import type { SerialQueue } from './serial-queue';

export interface SessionContext {
  /** false once the session is locked or signed out: late results are dropped, not shown or stored */
  readonly alive: boolean;
  readonly username: string;
  /** keys open in memory only while the session lives */
  readonly identity: Identity;
  readonly store: AccountStore;
  readonly cacheKey: CryptoKey;
  readonly api: Api;
  readonly relay: RelayClient;
  /** cache writes (messages, conversation metadata, replay state), in the order they were made */
  readonly io: SerialQueue;
  /** tells the user something once (toast) */
  notify(notice: Notice): void;
}

/** Warnings name a reason code at most: never tokens, keys or message content. */
export function warn(what: string): void {
  console.warn(`miyu: ${what}`);
}

export function normalizeUsername(username: string): string {
  const name = (typeof username === 'string' ? username : '').trim().toLowerCase();
  if (!USERNAME_RE.test(name)) throw new ActionError(400, 'must be 3 to 32 characters: a-z, 0-9, _ . -', 'username');
  return name;
}
