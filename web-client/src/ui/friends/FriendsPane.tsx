import { useState } from 'preact/hooks';
import type { Friend } from '../../app/model';
import { t } from '../../i18n';
import { deleteFriend, openChat, openSafety } from '../actions';
import { Avatar } from '../common/Avatar';
import { ChatIcon, FriendsIcon, QrIcon, ShieldIcon, UserRemoveIcon } from '../common/icons';
import { showContextMenu } from '../common/menu';
import { EmptyState, PaneHeader } from '../common/Pane';
import { OnlineDot, TrustBadge } from '../common/presence';
import { now } from '../clock';
import { useApp } from '../context';
import { formatRelative, parseIso } from '../format';
import { AddFriend } from './AddFriend';
import { MyQrDialog } from './MyQrDialog';

export function FriendsPane() {
  const app = useApp();
  const [myQr, setMyQr] = useState(false);
  const friends = [...app.friends.value].sort((a, b) => a.username.localeCompare(b.username));
  return (
    <div class="pane">
      <PaneHeader title={t('friends.title')} subtitle={friends.length ? t('friends.count', { count: friends.length }) : undefined}>
        <button type="button" class="icon-button" aria-label={t('add.myQr')} title={t('add.myQr')} onClick={() => setMyQr(true)}>
          <QrIcon size={20} />
        </button>
      </PaneHeader>
      <AddFriend />
      {friends.length === 0 ? (
        <EmptyState icon={<FriendsIcon size={28} />} title={t('friends.empty.title')} body={t('friends.empty.body')} />
      ) : (
        <ul class="list" aria-label={t('friends.title')}>
          {friends.map((friend) => (
            <li key={friend.username}>
              <FriendItem friend={friend} active={app.activePeer.value === friend.username} />
            </li>
          ))}
        </ul>
      )}
      {myQr && <MyQrDialog onClose={() => setMyQr(false)} />}
    </div>
  );
}

function FriendItem({ friend, active }: { friend: Friend; active: boolean }) {
  const app = useApp();
  const { username, online, trust } = friend;
  const lastActive = parseIso(friend.lastActive);
  const status = online
    ? t('friends.online')
    : lastActive
      ? t('friends.lastActive', { time: formatRelative(lastActive, now.value) })
      : t('friends.offline');
  return (
    <button
      type="button"
      class={`list-item${active ? ' is-active' : ''}`}
      aria-current={active ? 'true' : undefined}
      data-testid="friend-item"
      data-username={username}
      data-online={online ? 'true' : 'false'}
      onClick={() => void openChat(app, username)}
      onContextMenu={(e) =>
        showContextMenu(e, [
          { label: t('menu.openChat'), testid: 'menu-open-chat', icon: <ChatIcon size={16} />, onSelect: () => void openChat(app, username) },
          { label: t('menu.safety'), testid: 'menu-safety', icon: <ShieldIcon size={16} />, onSelect: () => openSafety(username) },
          {
            label: t('menu.deleteFriend'),
            testid: 'menu-delete-friend',
            icon: <UserRemoveIcon size={16} />,
            danger: true,
            onSelect: () => void deleteFriend(app, username),
          },
        ])
      }
    >
      <span class="avatar-wrap">
        <Avatar name={username} />
        <OnlineDot online={online} name={username} />
      </span>
      <span class="list-item-main">
        <span class="list-item-row">
          <span class="list-item-name">
            <span class="truncate">{username}</span>
            <TrustBadge trust={trust} compact />
          </span>
        </span>
        <span class="list-item-row">
          <span class={`list-item-preview${online ? ' is-online-text' : ''}`}>
            <span class="truncate">{status}</span>
          </span>
        </span>
      </span>
    </button>
  );
}
