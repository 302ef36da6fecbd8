/** Friends (with presence) and friend requests, as the friend and presence services and the relay report them. */
import { signal } from '@preact/signals';
import { statusOf } from '../net/api';
import { warn, type SessionContext } from './context';
import type { FriendRequest, UserHit } from './model';
import type { PeerTrust } from './trust';

export interface FriendEntry {
  username: string;
  online: boolean;
  lastActive: string | null;
}

const RELATIONSHIPS = ['none', 'friend', 'requested', 'incoming'] as const;
/** how many names one presence query asks about */
const PRESENCE_CHUNK = 50;

export class Contacts {
  readonly list = signal<FriendEntry[]>([]);
  readonly requests = signal<{ incoming: FriendRequest[]; outgoing: FriendRequest[] }>({ incoming: [], outgoing: [] });

  constructor(
    private readonly ctx: SessionContext,
    private readonly trust: PeerTrust,
  ) {}

  isFriend(peer: string): boolean {
    return this.list.value.some((f) => f.username === peer);
  }

  async search(query: string): Promise<UserHit[]> {
    const q = query.trim().toLowerCase();
    if (q.length < 2 || q.length > 32 || !/^[a-z0-9_.-]+$/.test(q)) return [];
    const hits = await this.ctx.api.searchUsers(q);
    return hits
      .filter((h) => h.username !== this.ctx.username)
      .map((h) => ({ username: h.username, relationship: RELATIONSHIPS.includes(h.relationship) ? h.relationship : 'none' }));
  }

  async request(username: string): Promise<void> {
    await this.ctx.api.requestFriend(username);
    await Promise.all([this.refreshRequests(), this.refreshFriends()]);
  }

  async accept(id: string): Promise<void> {
    await this.ctx.api.actOnRequest(id, 'accept');
    await Promise.all([this.refreshRequests(), this.refreshFriends()]);
  }

  async decline(id: string): Promise<void> {
    await this.ctx.api.actOnRequest(id, 'decline');
    await this.refreshRequests();
  }

  async cancel(id: string): Promise<void> {
    await this.ctx.api.actOnRequest(id, 'cancel');
    await this.refreshRequests();
  }

  /** Ends the friendship on the server (already gone is fine) and drops them from the list. */
  async remove(peer: string): Promise<void> {
    try {
      await this.ctx.api.removeFriend(peer);
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    this.list.value = this.list.value.filter((f) => f.username !== peer);
  }

  presence(user: string, online: boolean, lastActive: string | null): void {
    this.list.value = this.list.value.map((f) =>
      f.username === user ? { ...f, online, lastActive: lastActive ?? f.lastActive } : f,
    );
  }

  async refreshFriends(): Promise<void> {
    const ctx = this.ctx;
    try {
      const list = await ctx.api.friends();
      if (!ctx.alive) return;
      const entries: FriendEntry[] = list.map((f) => ({
        username: f.username,
        online: !!f.online,
        lastActive: typeof f.lastActive === 'string' ? f.lastActive : null,
      }));
      this.list.value = entries;
      // presence-service is the authority on who is online right now
      for (let i = 0; i < entries.length; i += PRESENCE_CHUNK) {
        const chunk = entries.slice(i, i + PRESENCE_CHUNK).map((f) => f.username);
        try {
          const seen = await ctx.api.presence(chunk);
          if (!ctx.alive) return;
          const byName = new Map(seen.map((p) => [p.username, p] as const));
          this.list.value = this.list.value.map((f) => {
            const p = byName.get(f.username);
            if (!p || p.status === 'unknown') return f;
            return { ...f, online: p.status === 'online', lastActive: p.lastActive ?? f.lastActive };
          });
        } catch {
          /* the friend list's own presence stays */
        }
      }
      // pin on first use; a fingerprint other than the pin means a key change we missed while away
      for (const f of list) {
        const pin = this.trust.pins.value.get(f.username);
        if (!pin) void this.trust.ensurePeer(f.username).catch(() => undefined);
        else if (f.fingerprint && f.fingerprint !== pin.fingerprint) void this.trust.checkKey(f.username);
      }
    } catch {
      warn('could not load the friend list');
    }
  }

  async refreshRequests(): Promise<void> {
    const ctx = this.ctx;
    try {
      const r = await ctx.api.requests();
      if (!ctx.alive) return;
      this.requests.value = {
        incoming: (r.incoming ?? []).map((q) => ({ id: q.id, username: q.from, createdAt: q.createdAt })),
        outgoing: (r.outgoing ?? []).map((q) => ({ id: q.id, username: q.to, createdAt: q.createdAt })),
      };
    } catch {
      warn('could not load the friend requests');
    }
  }
}
