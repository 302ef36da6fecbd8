/**
 * The one way unit tests wait: for a condition, never for a time. A thin wrapper over vi.waitUntil that names what
 * was awaited when it times out. Under fake timers each check also advances the fake clock by `interval`.
 */
import { vi } from 'vitest';

/**
 * Long enough for the engine's key generation and crypto on a two-core machine that also runs the rest of the suite
 * (issue 15: a 10 s deadline failed there while the same test takes about a second alone).
 */
export const WAIT_MS = 45_000;

export interface WaitOptions {
  timeout?: number;
  /** ms between checks (and the fake clock's step per check) */
  interval?: number;
}

export async function until(cond: () => boolean, what: string, { timeout = WAIT_MS, interval = 5 }: WaitOptions = {}): Promise<void> {
  try {
    await vi.waitUntil(cond, { timeout, interval });
  } catch {
    throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
  }
}
