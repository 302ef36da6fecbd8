import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchIceServers } from './config';

describe('fetchIceServers', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the gateway with the bearer token and returns its list', async () => {
    const servers = [{ urls: ['stun:s:3478'] }, { urls: ['turn:t:3478'], username: '1:u', credential: 'c' }];
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ iceServers: servers }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    expect(await fetchIceServers('tok')).toEqual(servers);
    expect(fetchMock).toHaveBeenCalledWith('/api/config', {
      headers: { Authorization: 'Bearer tok' },
      cache: 'no-store',
    });
  });

  it("surfaces the gateway's problem detail", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"status":401,"detail":"The access token is invalid or has expired."}', { status: 401 })),
    );
    await expect(fetchIceServers('old')).rejects.toThrow('The access token is invalid or has expired.');
  });
});
