import type { ChatApp, Relationship } from '../app/model';
import { t } from '../i18n';
import { confirmAction } from './common/confirm';
import { showToast } from './common/toast';
import { describeError } from './errors';
import { drafts, safetyPeer } from './state';

/** UI flows that take more than one call (confirmation, feedback); each component calls these. */

const same = (a: string, b: string | null | undefined) => !!b && a.toLowerCase() === b.toLowerCase();

export function relationshipOf(app: ChatApp, username: string, fallback: Relationship = 'none'): Relationship {
  if (app.friends.value.some((f) => same(f.username, username))) return 'friend';
  const { incoming, outgoing } = app.requests.value;
  if (incoming.some((r) => same(r.username, username))) return 'incoming';
  if (outgoing.some((r) => same(r.username, username))) return 'requested';
  return fallback === 'friend' ? 'none' : fallback;
}

export function isMe(app: ChatApp, username: string): boolean {
  return same(username, app.username.value);
}

export async function openChat(app: ChatApp, peer: string): Promise<void> {
  try {
    await app.openConversation(peer);
  } catch (error) {
    showToast(describeError(error), 'error');
  }
}

/** Adds someone by exact username, whatever the relationship already is: request, accept theirs, or just open the chat. */
export async function addFriendByName(app: ChatApp, username: string): Promise<void> {
  if (isMe(app, username)) {
    showToast(t('add.selfQr'));
    return;
  }
  try {
    switch (relationshipOf(app, username)) {
      case 'friend':
        showToast(t('add.already', { username }));
        await app.openConversation(app.friends.value.find((f) => same(f.username, username))!.username);
        return;
      case 'requested':
        showToast(t('add.alreadyRequested', { username }));
        return;
      case 'incoming':
        await app.acceptRequest(app.requests.value.incoming.find((r) => same(r.username, username))!.id);
        showToast(t('add.accepted', { username }), 'success');
        return;
      case 'none':
        await app.requestFriend(username);
        showToast(t('add.sent', { username }), 'success');
    }
  } catch (error) {
    showToast(describeError(error), 'error');
  }
}

/** A scanned or uploaded QR code: a MiYu friend code adds that user. */
export async function addFriendByQr(app: ChatApp, text: string): Promise<void> {
  const username = app.parseUserQr(text);
  if (!username) showToast(t('qr.notMiyu'), 'error');
  else await addFriendByName(app, username);
}

export async function deleteFriend(app: ChatApp, peer: string): Promise<void> {
  const ok = await confirmAction({
    title: t('confirm.deleteFriend.title', { peer }),
    body: t('confirm.deleteFriend.body', { peer }),
    ok: t('confirm.deleteFriend.ok'),
    danger: true,
  });
  if (!ok) return;
  try {
    await app.deleteFriend(peer);
    drafts.delete(peer);
    if (app.activePeer.value === peer) await app.openConversation(null);
  } catch (error) {
    showToast(describeError(error), 'error');
  }
}

export async function deleteHistory(app: ChatApp, peer: string): Promise<void> {
  const ok = await confirmAction({
    title: t('confirm.deleteHistory.title'),
    body: t('confirm.deleteHistory.body', { peer }),
    ok: t('confirm.deleteHistory.ok'),
    danger: true,
  });
  if (!ok) return;
  try {
    await app.deleteHistory(peer);
  } catch (error) {
    showToast(describeError(error), 'error');
  }
}

export async function hideChat(app: ChatApp, peer: string): Promise<void> {
  try {
    if (app.activePeer.value === peer) await app.openConversation(null);
    await app.hideConversation(peer);
  } catch (error) {
    showToast(describeError(error), 'error');
  }
}

export function openSafety(peer: string): void {
  safetyPeer.value = peer;
}
