/**
 * An account's keys at login: made and backed up on first use, otherwise the newer of the local and the server's key
 * backup opened with the password's kek. Progress is reported as step names the UI shows.
 */
import { createIdentity, openIdentity, WrongPasswordError, type Identity } from '../crypto';
import { statusOf, type Api } from '../net/api';
import { ActionError } from '../net/errors';
import type { AccountStore, StoredBackup } from '../store/db';

type Progress = (step: string) => void;

/** Makes keys for an account that has none yet (registration, or one that stopped before its backup). */
export async function makeKeys(api: Api, store: AccountStore, name: string, kek: CryptoKey, progress: Progress): Promise<Identity> {
  progress('keys');
  const { identity, backup } = await createIdentity(name, kek, progress);
  progress('backup');
  const stored = await api.putBackup(backup, 0);
  progress('publish');
  await api.publishBundle(identity.bundle);
  await store.putBackup({ blob: backup, version: stored.version });
  return identity;
}

/** The key backup (the newer of IndexedDB's and the server's), opened with kek; made when there is none. */
export async function openKeys(api: Api, store: AccountStore, name: string, kek: CryptoKey, progress: Progress): Promise<Identity> {
  const local = await store.getBackup();
  let remote: StoredBackup | null = null;
  try {
    const view = await api.getBackup();
    if (typeof view.blob === 'string') remote = { blob: view.blob, version: view.version };
  } catch (e) {
    // 404: none on the server; anything else: use the local copy if there is one
    if (statusOf(e) !== 404 && !local) throw e;
  }
  const chosen = remote && (!local || remote.version > local.version) ? remote : local;
  if (!chosen) return makeKeys(api, store, name, kek, progress);
  let identity: Identity;
  try {
    identity = await openIdentity(name, chosen.blob, kek);
  } catch (e) {
    if (e instanceof WrongPasswordError) throw new ActionError(401, 'wrong-password', 'password');
    throw e;
  }
  if (chosen !== local) await store.putBackup(chosen);
  return identity;
}
