/**
 * The HTTP side of the client: one fetch wrapper for every `/api/*` call through the gateway (same origin).
 *
 * - JSON in, JSON out; `Authorization: Bearer <access token>` on authenticated calls.
 * - The access token is refreshed shortly before it expires, and once more when a call answers 401; the refresh is
 *   single-flight, because the auth service treats a refresh token used twice as stolen and revokes the session.
 * - Every failure becomes an {@link ActionError}: the problem body's status and detail, and the field it names when
 *   the server reports field errors (`errors: [{field, message}]`, the shape all MiYu services share).
 *
 * Tokens are never logged; network strings are only ever returned as data.
 */
import { ActionError } from './errors';
import type { KeyBundle } from '../crypto';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** seconds the access token is valid */
  expiresIn: number;
  userId: string;
}

/** A field error of a problem body. */
export interface FieldError {
  field: string;
  message: string;
}

/** What every MiYu service answers on failure (application/problem+json; key-service uses application/json). */
export interface Problem {
  status?: number;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  currentVersion?: number;
}

/** The published bundle as GET /api/keys/{username} shows it. */
export interface KeyBundleView extends KeyBundle {
  username: string;
  userId: string;
  fingerprint: string;
  publishedAt: string;
  version: number;
}

export interface BackupView {
  blob?: string;
  version: number;
  updatedAt?: string;
}

export interface FriendView {
  username: string;
  userId: string;
  online: boolean;
  lastActive: string | null;
  fingerprint: string | null;
  since: string;
}

export interface RequestView {
  id: string;
  from: string;
  to: string;
  createdAt: string;
  status: string;
}

export interface UserView {
  username: string;
  userId: string;
  relationship: 'none' | 'friend' | 'requested' | 'incoming';
}

export interface PresenceView {
  username: string;
  status: 'online' | 'offline' | 'unknown';
  lastActive?: string;
}

/**
 * The status and detail of a failed call, and the field the server named (the first field error, if any).
 * `fields` renames server field names for the UI (e.g. authSecret → password). Exported for tests.
 */
export function problemToError(status: number, body: unknown, fields: Record<string, string> = {}): ActionError {
  const problem = (body && typeof body === 'object' ? body : {}) as Problem;
  const detail =
    typeof problem.detail === 'string' && problem.detail
      ? problem.detail
      : typeof problem.title === 'string' && problem.title
        ? problem.title
        : `HTTP ${status}`;
  let field: string | undefined;
  if (Array.isArray(problem.errors)) {
    const first = problem.errors.find((e) => e && typeof e.field === 'string' && e.field);
    if (first) field = first.field;
  }
  if (field !== undefined && Object.prototype.hasOwnProperty.call(fields, field)) field = fields[field];
  const err = new ActionError(status, detail, field);
  if (typeof problem.currentVersion === 'number') {
    (err as ActionError & { currentVersion?: number }).currentVersion = problem.currentVersion;
  }
  return err;
}

/** The status of any thrown value, or 0 for non-HTTP failures (network, programming errors). */
export function statusOf(e: unknown): number {
  return e instanceof ActionError ? e.status : 0;
}

export interface ApiOptions {
  /** default '' (same origin); tests and Node scripts give an absolute origin */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** called with every new token pair (to persist the rotated refresh token) */
  onTokens?: (tokens: Tokens) => void;
  /** called when the refresh token was refused: the session is gone */
  onSessionLost?: () => void;
  /**
   * Tabs of one browser share the stored refresh token, and the auth service revokes a session whose refresh token
   * is used twice. When given, a refresh runs inside this cross-tab critical section, starts from the newest stored
   * token (another tab may have rotated it) and stores the new one before the section ends.
   */
  sharedSession?: SharedSession;
  now?: () => number;
}

export interface SharedSession {
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** the refresh token stored for this account, if any */
  latest(): Promise<string | null>;
  store(refreshToken: string): Promise<void>;
}

export interface RequestOptions {
  /** send the bearer token (default true) */
  auth?: boolean;
  /** server field name → UI field name for ActionError.field */
  fields?: Record<string, string>;
}

/** Refresh this long before the access token's announced expiry. */
const EXPIRY_MARGIN_MS = 30_000;

export class Api {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private access: string | null = null;
  private accessExpires = 0;
  private refresh: string | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(private readonly opts: ApiOptions = {}) {
    this.base = opts.baseUrl ?? '';
    this.fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = opts.now ?? Date.now;
  }

  /** Installs tokens from a login/refresh answer (and reports them through onTokens). */
  setTokens(tokens: Tokens): void {
    this.access = tokens.accessToken;
    this.refresh = tokens.refreshToken;
    this.accessExpires = this.now() + Math.max(0, tokens.expiresIn) * 1000;
    this.opts.onTokens?.(tokens);
  }

  /** A stored refresh token (after a reload): the next authenticated call refreshes first. */
  setRefreshToken(refreshToken: string | null): void {
    this.refresh = refreshToken;
    this.access = null;
    this.accessExpires = 0;
  }

  get refreshToken(): string | null {
    return this.refresh;
  }

  get hasSession(): boolean {
    return this.refresh !== null || this.access !== null;
  }

  clearTokens(): void {
    this.access = null;
    this.refresh = null;
    this.accessExpires = 0;
    this.refreshing = null;
  }

  /** A valid access token, refreshed first when it is missing or about to expire. */
  async accessToken(): Promise<string> {
    if (this.access && this.now() < this.accessExpires - EXPIRY_MARGIN_MS) return this.access;
    return this.refreshNow();
  }

  /** Exchanges the refresh token for a new pair; concurrent callers share one request. */
  refreshNow(): Promise<string> {
    if (!this.refreshing) {
      const token = this.refresh;
      if (!token) return Promise.reject(new ActionError(401, 'not signed in'));
      const shared = this.opts.sharedSession;
      const exchange = async (): Promise<Tokens> => {
        const newest = (await shared?.latest()) ?? token;
        const tokens = await this.request<Tokens>('POST', '/api/auth/refresh', { refreshToken: newest }, { auth: false });
        if (this.refresh !== token) throw new ActionError(401, 'signed out meanwhile');
        await shared?.store(tokens.refreshToken);
        return tokens;
      };
      this.refreshing = (async () => {
        try {
          const tokens = shared ? await shared.exclusive(exchange) : await exchange();
          this.setTokens(tokens);
          return tokens.accessToken;
        } catch (e) {
          if (statusOf(e) === 401 && this.refresh === token) {
            this.clearTokens();
            this.opts.onSessionLost?.();
          }
          throw e;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  /** One call: JSON body, bearer token, one refresh-and-retry on 401, problem → ActionError. */
  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    let token = auth ? await this.accessToken() : null;
    let response = await this.send(method, path, body, token);
    if (auth && response.status === 401 && this.refresh) {
      token = await this.refreshNow();
      response = await this.send(method, path, body, token);
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!response.ok) throw problemToError(response.status, parsed, options.fields);
    return parsed as T;
  }

  private async send(method: string, path: string, body: unknown, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await this.fetchImpl(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new ActionError(0, 'network');
    }
  }

  // --- auth ---------------------------------------------------------------------------------------------------------

  register(username: string, email: string, authSecret: string): Promise<{ userId: string; username: string }> {
    return this.request('POST', '/api/auth/register', { username, email, authSecret }, {
      auth: false,
      fields: { authSecret: 'password' },
    });
  }

  /** Logs in and installs the tokens. */
  async login(username: string, authSecret: string): Promise<Tokens> {
    const tokens = await this.request<Tokens>('POST', '/api/auth/login', { username, authSecret }, {
      auth: false,
      fields: { authSecret: 'password' },
    });
    this.setTokens(tokens);
    return tokens;
  }

  /** Revokes the refresh token on the server (best effort by the caller) and forgets the tokens here. */
  async logout(): Promise<void> {
    const token = this.refresh;
    this.clearTokens();
    if (token) await this.request('POST', '/api/auth/logout', { refreshToken: token }, { auth: false });
  }

  // --- keys ---------------------------------------------------------------------------------------------------------

  publishBundle(bundle: KeyBundle): Promise<KeyBundleView> {
    const { encPublicKey, signPublicKey, bundleSignature } = bundle;
    return this.request('PUT', '/api/keys/me', { encPublicKey, signPublicKey, bundleSignature });
  }

  getBundle(username: string): Promise<KeyBundleView> {
    return this.request('GET', `/api/keys/${encodeURIComponent(username)}`);
  }

  getBackup(): Promise<BackupView> {
    return this.request('GET', '/api/keys/me/backup');
  }

  /** Compare-and-set: `version` is the version last read (0: none yet); answers the new version. 409 when stale. */
  putBackup(blob: string, version: number): Promise<BackupView> {
    return this.request('PUT', '/api/keys/me/backup', { blob, version });
  }

  // --- friends ------------------------------------------------------------------------------------------------------

  searchUsers(q: string): Promise<UserView[]> {
    return this.request('GET', `/api/users?q=${encodeURIComponent(q)}`);
  }

  friends(): Promise<FriendView[]> {
    return this.request('GET', '/api/friends');
  }

  requests(): Promise<{ incoming: RequestView[]; outgoing: RequestView[] }> {
    return this.request('GET', '/api/friends/requests');
  }

  requestFriend(to: string): Promise<unknown> {
    return this.request('POST', '/api/friends/requests', { to }, { fields: { to: 'username' } });
  }

  actOnRequest(id: string, action: 'accept' | 'decline' | 'cancel'): Promise<unknown> {
    return this.request('POST', `/api/friends/requests/${encodeURIComponent(id)}/${action}`);
  }

  removeFriend(username: string): Promise<void> {
    return this.request('DELETE', `/api/friends/${encodeURIComponent(username)}`);
  }

  // --- presence and relay -------------------------------------------------------------------------------------------

  heartbeat(): Promise<void> {
    return this.request('POST', '/api/presence/heartbeat');
  }

  offline(): Promise<void> {
    return this.request('POST', '/api/presence/offline');
  }

  presence(users: string[]): Promise<PresenceView[]> {
    return this.request('GET', `/api/presence?users=${users.map(encodeURIComponent).join(',')}`);
  }

  async ticket(): Promise<string> {
    const answer = await this.request<{ ticket: string }>('POST', '/api/relay/ticket');
    return answer.ticket;
  }
}
