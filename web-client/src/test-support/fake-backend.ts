/**
 * TEST DOUBLE (used by client.test.ts only, never by the app): an in-memory imitation of the gateway's HTTP API and of
 * the relay WebSocket, close enough to docs/protocol.md and the services' REST resources for the engine to run a
 * whole conversation in Vitest. It does not check tokens' signatures or rate limits.
 */
import { fingerprint, type KeyBundle } from '../crypto';
import type { SocketLike } from '../net/relay';

interface User {
  username: string;
  userId: string;
  email: string;
  authSecret: string;
}

interface Queued {
  id: string;
  from: string;
  to: string;
  seq: number;
  sentAt: string;
  body: string;
}

interface Req {
  id: string;
  from: string;
  to: string;
  createdAt: string;
  status: 'pending' | 'accepted' | 'declined' | 'cancelled';
}

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;

function problem(status: number, detail: string, errors?: { field: string; message: string }[]): Response {
  return new Response(JSON.stringify({ status, title: 'Error', detail, ...(errors ? { errors } : {}) }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

function ok(body: unknown, status = 200): Response {
  return body === undefined
    ? new Response(null, { status: 204 })
    : new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

let counter = 0;
const uuid = () => crypto.randomUUID();

export class FakeBackend {
  users = new Map<string, User>();
  access = new Map<string, string>();
  refresh = new Map<string, string>();
  backups = new Map<string, { blob: string; version: number }>();
  bundles = new Map<string, KeyBundle & { fingerprint: string; version: number }>();
  friendships = new Set<string>();
  requests: Req[] = [];
  online = new Set<string>();
  tickets = new Map<string, string>();
  sockets = new Map<string, ServerSideSocket>();
  queues = new Map<string, Queued[]>();
  sentIds = new Map<string, { from: string; to: string; seq: number }>();
  seqs = new Map<string, number>();
  /** every send frame body the relay stored (ciphertext) */
  stored: string[] = [];
  calls: string[] = [];

  private pair(a: string, b: string) {
    return a < b ? `${a}|${b}` : `${b}|${a}`;
  }
  areFriends(a: string, b: string) {
    return this.friendships.has(this.pair(a, b));
  }
  friendsOf(u: string) {
    return [...this.users.keys()].filter((o) => o !== u && this.areFriends(u, o)).sort();
  }

  /** a fetch for Api */
  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://fake');
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const path = url.pathname;
    this.calls.push(`${method} ${path}`);
    const token = headers.Authorization?.replace(/^Bearer /, '');
    const me = token ? this.access.get(token) : undefined;

    // --- auth (no token)
    if (path === '/api/auth/register' && method === 'POST') {
      const errors = [];
      if (!USERNAME.test(body.username ?? '')) errors.push({ field: 'username', message: 'bad' });
      if (!/^[^@\s]+@[^@\s]+$/.test(body.email ?? '')) errors.push({ field: 'email', message: 'must be a well-formed email address' });
      if (errors.length) return problem(400, 'invalid input', errors);
      const username = body.username.toLowerCase();
      if (this.users.has(username)) return problem(409, 'username is taken');
      const user = { username, userId: uuid(), email: body.email, authSecret: body.authSecret };
      this.users.set(username, user);
      return ok({ userId: user.userId, username }, 201);
    }
    if (path === '/api/auth/login' && method === 'POST') {
      const user = this.users.get(String(body.username).toLowerCase());
      if (!user || user.authSecret !== body.authSecret) return problem(401, 'unknown username or wrong auth secret');
      return ok(this.issue(user.username));
    }
    if (path === '/api/auth/refresh' && method === 'POST') {
      const username = this.refresh.get(body.refreshToken);
      if (!username) return problem(401, 'refresh token is not valid');
      this.refresh.delete(body.refreshToken);
      return ok(this.issue(username));
    }
    if (path === '/api/auth/logout' && method === 'POST') {
      this.refresh.delete(body.refreshToken);
      return ok(undefined);
    }
    if (!me) return problem(401, 'The access token is invalid or has expired.');

    // --- keys
    if (path === '/api/keys/me' && method === 'PUT') {
      const fp = await fingerprint(me, body);
      const current = this.bundles.get(me);
      if (current?.fingerprint === fp) return ok({ ...current, username: me });
      this.bundles.set(me, { ...body, fingerprint: fp, version: (current?.version ?? 0) + 1 });
      if (current) for (const f of this.friendsOf(me)) this.push(f, { type: 'key-changed', user: me, fingerprint: fp });
      return ok({ ...this.bundles.get(me), username: me }, 201);
    }
    if (path === '/api/keys/me/backup') {
      const current = this.backups.get(me);
      if (method === 'GET') return current ? ok(current) : problem(404, 'no private-key backup is stored for this account');
      const expected = body.version ?? 0;
      if ((current?.version ?? 0) !== expected) {
        return new Response(JSON.stringify({ status: 409, detail: 'stale', currentVersion: current?.version ?? 0 }), { status: 409 });
      }
      this.backups.set(me, { blob: body.blob, version: expected + 1 });
      return ok({ version: expected + 1 });
    }
    const keyMatch = /^\/api\/keys\/([^/]+)$/.exec(path);
    if (keyMatch && method === 'GET') {
      const name = decodeURIComponent(keyMatch[1]).toLowerCase();
      const b = this.bundles.get(name);
      return b ? ok({ ...b, username: name, userId: this.users.get(name)!.userId }) : problem(404, `no key bundle is published for ${name}`);
    }

    // --- friends
    if (path === '/api/users' && method === 'GET') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      if (q.length < 2) return problem(400, 'q too short', [{ field: 'q', message: 'size' }]);
      return ok(
        [...this.users.values()]
          .filter((u) => u.username.startsWith(q) && u.username !== me)
          .map((u) => ({ username: u.username, userId: u.userId, relationship: this.relation(me, u.username) })),
      );
    }
    if (path === '/api/friends' && method === 'GET') {
      return ok(
        this.friendsOf(me).map((f) => ({
          username: f,
          userId: this.users.get(f)!.userId,
          online: this.online.has(f),
          lastActive: null,
          fingerprint: this.bundles.get(f)?.fingerprint ?? null,
          since: new Date().toISOString(),
        })),
      );
    }
    if (path === '/api/friends/requests' && method === 'GET') {
      const pending = this.requests.filter((r) => r.status === 'pending');
      return ok({ incoming: pending.filter((r) => r.to === me), outgoing: pending.filter((r) => r.from === me) });
    }
    if (path === '/api/friends/requests' && method === 'POST') {
      const to = String(body.to).toLowerCase();
      if (!this.users.has(to) || to === me) return problem(404, 'no such user');
      if (this.areFriends(me, to)) return problem(409, 'already friends');
      const reverse = this.requests.find((r) => r.status === 'pending' && r.from === to && r.to === me);
      if (reverse) {
        this.befriend(reverse);
        return ok({ friendship: { username: to } });
      }
      const req: Req = { id: uuid(), from: me, to, createdAt: new Date().toISOString(), status: 'pending' };
      this.requests.push(req);
      this.push(me, { type: 'friendship', event: 'requested', user: to });
      this.push(to, { type: 'friendship', event: 'requested', user: me });
      return ok(req, 201);
    }
    const reqMatch = /^\/api\/friends\/requests\/([^/]+)\/(accept|decline|cancel)$/.exec(path);
    if (reqMatch && method === 'POST') {
      const req = this.requests.find((r) => r.id === reqMatch[1] && r.status === 'pending' && (r.from === me || r.to === me));
      if (!req) return problem(404, 'no such request');
      if (reqMatch[2] === 'accept') {
        if (req.to !== me) return problem(403, 'only the recipient accepts');
        this.befriend(req);
        return ok({ friendship: { username: req.from } });
      }
      req.status = reqMatch[2] === 'decline' ? 'declined' : 'cancelled';
      this.push(req.from, { type: 'friendship', event: 'declined', user: req.to });
      this.push(req.to, { type: 'friendship', event: 'declined', user: req.from });
      return ok(req);
    }
    const friendMatch = /^\/api\/friends\/([^/]+)$/.exec(path);
    if (friendMatch && method === 'DELETE') {
      const other = decodeURIComponent(friendMatch[1]);
      if (!this.areFriends(me, other)) return problem(404, 'not friends');
      this.friendships.delete(this.pair(me, other));
      for (const [u, o] of [
        [me, other],
        [other, me],
      ]) {
        this.queues.set(u, (this.queues.get(u) ?? []).filter((q) => q.from !== o));
        this.push(u, { type: 'friendship', event: 'removed', user: o });
      }
      return ok(undefined);
    }

    // --- presence, relay
    if (path === '/api/presence/heartbeat' && method === 'POST') {
      this.setOnline(me, true);
      return ok(undefined);
    }
    if (path === '/api/presence/offline' && method === 'POST') {
      this.setOnline(me, false);
      this.sockets.get(me)?.serverClose(4002);
      return ok(undefined);
    }
    if (path === '/api/presence' && method === 'GET') {
      const users = (url.searchParams.get('users') ?? '').split(',').map((u) => u.toLowerCase());
      return ok(
        users.map((u) =>
          u === me || this.areFriends(me, u)
            ? { username: u, status: this.online.has(u) ? 'online' : 'offline' }
            : { username: u, status: 'unknown' },
        ),
      );
    }
    if (path === '/api/relay/ticket' && method === 'POST') {
      const ticket = `ticket-${++counter}`;
      this.tickets.set(ticket, me);
      return ok({ ticket, expiresIn: 30 });
    }
    return problem(404, 'no such resource');
  };

  /** a socket factory for RelayClient */
  socket = (url: string): SocketLike => new ServerSideSocket(this, new URL(url).searchParams.get('ticket') ?? '');

  private issue(username: string) {
    const accessToken = `access-${++counter}`;
    const refreshToken = `refresh-${++counter}`;
    this.access.set(accessToken, username);
    this.refresh.set(refreshToken, username);
    return { accessToken, refreshToken, expiresIn: 300, userId: this.users.get(username)!.userId };
  }

  private relation(me: string, other: string) {
    if (this.areFriends(me, other)) return 'friend';
    const pending = this.requests.filter((r) => r.status === 'pending');
    if (pending.some((r) => r.from === me && r.to === other)) return 'requested';
    if (pending.some((r) => r.from === other && r.to === me)) return 'incoming';
    return 'none';
  }

  private befriend(req: Req) {
    req.status = 'accepted';
    this.friendships.add(this.pair(req.from, req.to));
    this.push(req.from, { type: 'friendship', event: 'created', user: req.to });
    this.push(req.to, { type: 'friendship', event: 'created', user: req.from });
  }

  private setOnline(user: string, online: boolean) {
    if (this.online.has(user) === online) return;
    if (online) this.online.add(user);
    else this.online.delete(user);
    for (const f of this.friendsOf(user)) this.push(f, { type: 'presence', user, online, lastActive: new Date().toISOString() });
  }

  push(user: string, frame: object) {
    this.sockets.get(user)?.deliverFrame(frame);
  }

  // --- relay socket behaviour
  connected(sock: ServerSideSocket) {
    const old = this.sockets.get(sock.user);
    this.sockets.set(sock.user, sock);
    old?.serverClose(4001);
    this.pump(sock.user);
  }

  disconnected(sock: ServerSideSocket) {
    if (this.sockets.get(sock.user) === sock) this.sockets.delete(sock.user);
  }

  pump(user: string) {
    const sock = this.sockets.get(user);
    if (!sock) return;
    for (const q of this.queues.get(user) ?? []) {
      if (sock.deliveredIds.has(q.id)) continue;
      sock.deliveredIds.add(q.id);
      sock.deliverFrame({ type: 'deliver', id: q.id, from: q.from, seq: q.seq, sentAt: q.sentAt, body: q.body });
    }
  }

  clientFrame(sock: ServerSideSocket, text: string) {
    const f = JSON.parse(text);
    if (f.type === 'ping') return sock.deliverFrame({ type: 'pong' });
    if (f.type === 'ack') {
      this.queues.set(sock.user, (this.queues.get(sock.user) ?? []).filter((q) => q.id !== f.id));
      return;
    }
    if (f.type === 'send') {
      const from = sock.user;
      const to = String(f.to);
      const known = this.sentIds.get(f.id);
      if (known) {
        if (known.from === from && known.to === to) return sock.deliverFrame({ type: 'accepted', id: f.id, seq: known.seq });
        return sock.deliverFrame({ type: 'rejected', id: f.id, code: 'bad-frame', reason: 'id reused' });
      }
      if (!this.areFriends(from, to)) {
        return sock.deliverFrame({ type: 'rejected', id: f.id, code: 'not-friends', reason: 'not friends' });
      }
      const seq = (this.seqs.get(to) ?? 0) + 1;
      this.seqs.set(to, seq);
      this.sentIds.set(f.id, { from, to, seq });
      this.stored.push(f.body);
      const q: Queued = { id: f.id, from, to, seq, sentAt: new Date().toISOString(), body: f.body };
      this.queues.set(to, [...(this.queues.get(to) ?? []), q]);
      sock.deliverFrame({ type: 'accepted', id: f.id, seq });
      this.pump(to);
    }
  }
}

export class ServerSideSocket implements SocketLike {
  readyState = 0;
  user = '';
  deliveredIds = new Set<string>();
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(
    private readonly server: FakeBackend,
    ticket: string,
  ) {
    setTimeout(() => {
      const user = server.tickets.get(ticket);
      server.tickets.delete(ticket);
      if (!user) {
        this.readyState = 3;
        this.onclose?.({ code: 1006 });
        return;
      }
      this.user = user;
      this.readyState = 1;
      this.onopen?.({});
      server.connected(this);
    }, 1);
  }

  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open');
    setTimeout(() => this.server.clientFrame(this, data), 1);
  }

  close() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.server.disconnected(this);
  }

  deliverFrame(frame: object) {
    const data = JSON.stringify(frame);
    setTimeout(() => {
      if (this.readyState === 1) this.onmessage?.({ data });
    }, 1);
  }

  serverClose(code: number) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.server.disconnected(this);
    setTimeout(() => this.onclose?.({ code }), 1);
  }
}
