import { signal } from '@preact/signals';

/** UI-only state of the main screen; the app's state lives in ChatApp. */
export type View = 'chats' | 'friends' | 'requests' | 'profile';
export const view = signal<View>('chats');

/** Unsent text per conversation. Plaintext: dropped with everything else on lock and logout. */
export const drafts = new Map<string, string>();

/** The peer whose safety number dialog is open. */
export const safetyPeer = signal<string | null>(null);

/** Forget everything that belongs to the signed-in, unlocked user. */
export function resetUiState(): void {
  view.value = 'chats';
  drafts.clear();
  safetyPeer.value = null;
}
