import { describe, expect, it } from 'vitest';
import { ActionError } from '../app/model';
import { Api, problemToError, type Tokens } from './api';

function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

describe('problem → ActionError', () => {
  it('takes status, detail and the first named field', () => {
    const e = problemToError(400, {
      status: 400,
      title: 'Bad Request',
      detail: 'invalid input: email',
      errors: [{ field: 'email', message: 'must be a well-formed email address' }],
    });
    expect(e).toBeInstanceOf(ActionError);
    expect([e.status, e.detail, e.field]).toEqual([400, 'invalid input: email', 'email']);
  });

  it('renames server fields for the UI', () => {
    const e = problemToError(400, { detail: 'x', errors: [{ field: 'authSecret', message: 'bad' }] }, { authSecret: 'password' });
    expect(e.field).toBe('password');
  });

  it('without errors there is no field; the title stands in for a missing detail', () => {
    expect(problemToError(409, { status: 409, title: 'Conflict', detail: 'username is taken' }).field).toBeUndefined();
    expect(problemToError(404, { status: 404, title: 'Not Found' }).detail).toBe('Not Found');
    expect(problemToError(502, undefined).detail).toBe('HTTP 502');
    expect(problemToError(500, '<html>').detail).toBe('HTTP 500');
  });

  it('keeps the current backup version of a lost compare-and-set', () => {
    const e = problemToError(409, { status: 409, detail: 'stale', currentVersion: 3 }) as ActionError & { currentVersion?: number };
    expect(e.currentVersion).toBe(3);
  });
});

describe('Api', () => {
  const tokens = (n: number): Tokens => ({ accessToken: `a${n}`, refreshToken: `r${n}`, expiresIn: 300, userId: 'u' });

  it('maps a problem+json answer of a real call to ActionError with field', async () => {
    const api = new Api({
      fetch: async () =>
        json(400, { status: 400, detail: 'invalid input: email', errors: [{ field: 'email', message: 'bad' }] }, 'application/problem+json'),
    });
    const err = await api.register('alice', 'nope', 'c2VjcmV0').catch((e) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect([err.status, err.field]).toEqual([400, 'email']);
  });

  it('a network failure is ActionError 0', async () => {
    const api = new Api({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const err = await api.login('alice', 'x').catch((e) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err.status).toBe(0);
  });

  it('sends the bearer token and refreshes once on 401, then retries', async () => {
    const calls: { path: string; auth?: string; body?: string }[] = [];
    const stored: string[] = [];
    let refreshes = 0;
    const api = new Api({
      onTokens: (t) => stored.push(t.refreshToken),
      fetch: async (input, init) => {
        const path = String(input);
        const auth = (init?.headers as Record<string, string>)?.Authorization;
        calls.push({ path, auth, body: init?.body as string | undefined });
        if (path === '/api/auth/refresh') {
          refreshes++;
          return json(200, tokens(2));
        }
        if (auth === 'Bearer a1') return json(401, { status: 401, detail: 'The access token is invalid or has expired.' });
        return json(200, [{ username: 'bob' }]);
      },
    });
    api.setTokens(tokens(1));
    // two calls at once: one refresh only (a refresh token used twice would end the session)
    const [a, b] = await Promise.all([api.friends(), api.friends()]);
    expect(a).toEqual([{ username: 'bob' }]);
    expect(b).toEqual([{ username: 'bob' }]);
    expect(refreshes).toBe(1);
    expect(stored).toEqual(['r1', 'r2']);
    expect(api.refreshToken).toBe('r2');
    expect(calls.filter((c) => c.path === '/api/auth/refresh')[0].body).toBe(JSON.stringify({ refreshToken: 'r1' }));
    expect(calls.filter((c) => c.path === '/api/friends').map((c) => c.auth)).toEqual([
      'Bearer a1',
      'Bearer a1',
      'Bearer a2',
      'Bearer a2',
    ]);
  });

  it('two tabs sharing a stored session never use the same refresh token twice', async () => {
    // the auth service: each refresh token works once; a second use would revoke the session
    let issued = 1;
    const used = new Set<string>();
    const server: typeof fetch = async (_input, init) => {
      const { refreshToken } = JSON.parse(String(init?.body));
      if (used.has(refreshToken)) return json(401, { status: 401, detail: 'refresh token reused' });
      used.add(refreshToken);
      issued++;
      return json(200, tokens(issued));
    };
    let stored: string | null = 'r1';
    let queue = Promise.resolve();
    const shared = {
      exclusive<T>(work: () => Promise<T>): Promise<T> {
        const run = queue.then(work);
        queue = run.then(
          () => undefined,
          () => undefined,
        );
        return run;
      },
      latest: async () => stored,
      store: async (t: string) => {
        stored = t;
      },
    };
    const tabA = new Api({ fetch: server, sharedSession: shared });
    const tabB = new Api({ fetch: server, sharedSession: shared });
    tabA.setRefreshToken('r1');
    tabB.setRefreshToken('r1');

    const [a, b] = await Promise.all([tabA.refreshNow(), tabB.refreshNow()]);
    expect(new Set([a, b]).size).toBe(2);
    expect(await tabA.refreshNow()).toBe('a4');
    expect(stored).toBe('r4');
  });

  it('a refused refresh token ends the session and reports it', async () => {
    let lost = 0;
    const api = new Api({
      onSessionLost: () => lost++,
      fetch: async (input) =>
        String(input) === '/api/auth/refresh'
          ? json(401, { status: 401, detail: 'refresh token is not valid' })
          : json(401, { status: 401, detail: 'expired' }),
    });
    api.setTokens(tokens(1));
    const err = await api.friends().catch((e) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err.status).toBe(401);
    expect(lost).toBe(1);
    expect(api.refreshToken).toBeNull();
  });

  it('refreshes first when only a stored refresh token is known, and before expiry', async () => {
    let now = 1_000_000;
    const paths: string[] = [];
    const api = new Api({
      now: () => now,
      fetch: async (input) => {
        paths.push(String(input));
        return String(input) === '/api/auth/refresh' ? json(200, tokens(paths.length)) : json(204, undefined);
      },
    });
    api.setRefreshToken('stored');
    await api.heartbeat();
    expect(paths).toEqual(['/api/auth/refresh', '/api/presence/heartbeat']);
    now += 290_000; // 10 s before expiry: inside the margin
    await api.heartbeat();
    expect(paths.slice(2)).toEqual(['/api/auth/refresh', '/api/presence/heartbeat']);
  });

  it('logout revokes the refresh token and forgets both tokens', async () => {
    const bodies: string[] = [];
    const api = new Api({
      fetch: async (input, init) => {
        bodies.push(`${String(input)} ${init?.body ?? ''}`);
        return json(204, undefined);
      },
    });
    api.setTokens(tokens(7));
    await api.logout();
    expect(bodies).toEqual(['/api/auth/logout {"refreshToken":"r7"}']);
    expect(api.hasSession).toBe(false);
  });
});
