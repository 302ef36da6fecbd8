/**
 * Friends' keys: pinned on first use, checked against the key directory when a friend's fingerprint looks different,
 * a change held for the user to accept, safety numbers and verification. Sending to a friend with an unaccepted key
 * change is refused elsewhere by asking `isChanged`.
 */
import { batch, signal, type Signal } from '@preact/signals';
import { importPeer, safetyNumber, safetyQrText, type KeyBundle, type PeerKeys } from '../crypto';
import { ActionError } from '../net/errors';
import type { Pin } from '../store/db';
import { warn, type SessionContext } from './context';
import type { SafetyInfo, Trust } from './model';

/** What the rest of the session does when a friend's keys move. */
export interface TrustEvents {
  /** the friend's keys differ from the ones sessions were made for: drop the outbound session */
  rekeyed(peer: string): void;
  /** a key change was settled (accepted, or the directory is back at the pin): held envelopes may be processed */
  settled(peer: string): void;
}

function bundleOf(view: KeyBundle): KeyBundle {
  return { encPublicKey: view.encPublicKey, signPublicKey: view.signPublicKey, bundleSignature: view.bundleSignature };
}

export function trustOf(pin: Pin | undefined, changed: string | undefined): Trust {
  if (changed !== undefined) {
    return { status: 'changed', fingerprint: pin?.fingerprint ?? null, pendingFingerprint: changed, wasVerified: !!pin?.verified };
  }
  if (!pin) return { status: 'unknown', fingerprint: null };
  return { status: pin.verified ? 'verified' : 'pinned', fingerprint: pin.fingerprint };
}

export class PeerTrust {
  readonly pins: Signal<ReadonlyMap<string, Pin>>;
  /** a friend's new, not yet accepted fingerprint */
  readonly changed = signal<ReadonlyMap<string, string>>(new Map());
  /** imported pinned keys */
  private readonly peerKeys = new Map<string, PeerKeys>();
  private readonly peerLoads = new Map<string, Promise<PeerKeys>>();
  private readonly keyChecks = new Map<string, Promise<void>>();
  /** a friend's new, not yet accepted keys */
  private readonly changedKeys = new Map<string, PeerKeys>();

  constructor(
    private readonly ctx: SessionContext,
    pins: Map<string, Pin>,
    private readonly events: TrustEvents,
  ) {
    this.pins = signal<ReadonlyMap<string, Pin>>(pins);
  }

  isChanged(peer: string): boolean {
    return this.changedKeys.has(peer);
  }

  /** The friend's pinned keys if already imported. */
  known(peer: string): PeerKeys | undefined {
    return this.peerKeys.get(peer);
  }

  /** The friend's pinned keys; fetched, verified and pinned on first use. */
  ensurePeer(peer: string): Promise<PeerKeys> {
    const ctx = this.ctx;
    const known = this.peerKeys.get(peer);
    if (known) return Promise.resolve(known);
    let load = this.peerLoads.get(peer);
    if (!load) {
      load = (async () => {
        const pin = this.pins.value.get(peer) ?? (await ctx.store.getPin(peer));
        let keys: PeerKeys;
        if (pin) {
          keys = await importPeer(peer, pin.bundle);
        } else {
          const view = await ctx.api.getBundle(peer);
          keys = await importPeer(peer, bundleOf(view));
          if (!ctx.alive) throw new ActionError(409, 'locked');
          const fresh: Pin = { peer, fingerprint: keys.fingerprint, bundle: bundleOf(view), verified: false };
          await ctx.store.putPin(fresh);
          this.setPin(fresh);
        }
        if (ctx.alive) this.peerKeys.set(peer, keys);
        return keys;
      })().finally(() => this.peerLoads.delete(peer));
      this.peerLoads.set(peer, load);
    }
    return load;
  }

  /** Fetches the friend's current bundle and compares it with the pin: a difference is a key change to confirm. */
  checkKey(peer: string): Promise<void> {
    const ctx = this.ctx;
    let check = this.keyChecks.get(peer);
    if (!check) {
      check = (async () => {
        const pin = this.pins.value.get(peer);
        if (!pin) {
          await this.ensurePeer(peer).catch(() => undefined);
          return;
        }
        let keys: PeerKeys;
        try {
          keys = await importPeer(peer, bundleOf(await ctx.api.getBundle(peer)));
        } catch {
          warn('could not fetch or verify a friend\'s current key bundle');
          return;
        }
        if (!ctx.alive) return;
        if (keys.fingerprint === pin.fingerprint) {
          if (this.changedKeys.delete(peer)) {
            this.setChanged(peer, null);
            this.events.settled(peer);
          }
          return;
        }
        const known = this.changedKeys.get(peer);
        this.changedKeys.set(peer, keys);
        this.events.rekeyed(peer);
        this.setChanged(peer, keys.fingerprint);
        if (!known || known.fingerprint !== keys.fingerprint) {
          ctx.notify({ kind: 'info', key: 'keyChanged', args: { user: peer } });
        }
      })().finally(() => this.keyChecks.delete(peer));
      this.keyChecks.set(peer, check);
    }
    return check;
  }

  /** The relay says a friend published keys: check them unless they are the pinned ones. */
  announced(peer: string, fingerprint: string): void {
    const pin = this.pins.value.get(peer);
    if (!pin || pin.fingerprint !== fingerprint) void this.checkKey(peer);
  }

  async acceptKeyChange(peer: string): Promise<void> {
    const ctx = this.ctx;
    const keys = this.changedKeys.get(peer);
    if (!keys) return;
    const pin: Pin = { peer, fingerprint: keys.fingerprint, bundle: bundleOf(keys.bundle), verified: false };
    await ctx.store.putPin(pin);
    if (!ctx.alive) return;
    this.changedKeys.delete(peer);
    this.peerKeys.set(peer, keys);
    this.events.rekeyed(peer);
    batch(() => {
      this.setPin(pin);
      this.setChanged(peer, null);
    });
    this.events.settled(peer);
  }

  async safety(peer: string): Promise<SafetyInfo> {
    const ctx = this.ctx;
    const keys = await this.ensurePeer(peer);
    const me = { username: ctx.username, fingerprint: ctx.identity.fingerprint };
    const them = { username: peer, fingerprint: keys.fingerprint };
    const [digits, qrText] = await Promise.all([safetyNumber(me, them), safetyQrText(me, them)]);
    return { digits, qrText, verified: !!this.pins.value.get(peer)?.verified };
  }

  async markVerified(peer: string): Promise<void> {
    if (this.changedKeys.has(peer)) throw new ActionError(409, 'key-changed');
    await this.ensurePeer(peer);
    const pin = this.pins.value.get(peer);
    if (!pin) throw new ActionError(404, 'no key');
    const verified = { ...pin, verified: true };
    await this.ctx.store.putPin(verified);
    if (this.ctx.alive) this.setPin(verified);
  }

  /** Drops the imported keys (the session is over). */
  close(): void {
    this.peerKeys.clear();
    this.changedKeys.clear();
  }

  private setPin(pin: Pin): void {
    const pins = new Map(this.pins.value);
    pins.set(pin.peer, pin);
    this.pins.value = pins;
  }

  private setChanged(peer: string, fingerprint: string | null): void {
    const changed = new Map(this.changed.value);
    if (fingerprint === null) changed.delete(peer);
    else changed.set(peer, fingerprint);
    this.changed.value = changed;
  }
}
