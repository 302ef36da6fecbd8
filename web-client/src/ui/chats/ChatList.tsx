import type { Conversation, Friend } from '../../app/model';
import { t } from '../../i18n';
import { deleteHistory, hideChat, openChat } from '../actions';
import { Avatar } from '../common/Avatar';
import { ArchiveIcon, ChatIcon, TrashIcon } from '../common/icons';
import { showContextMenu } from '../common/menu';
import { EmptyState, PaneHeader } from '../common/Pane';
import { OnlineDot, TrustBadge } from '../common/presence';
import { useApp } from '../context';
import { contentPreview } from '../conversation/MessageContentView';
import { MessageStatusIcon } from '../conversation/MessageStatusIcon';
import { formatListTime } from '../format';
import { now } from '../clock';
import { view } from '../state';

export function ChatList() {
  const app = useApp();
  const conversations = app.conversations.value;
  const friends = new Map(app.friends.value.map((f) => [f.username, f]));
  return (
    <div class="pane">
      <PaneHeader title={t('chats.title')} />
      {conversations.length === 0 ? (
        <EmptyState icon={<ChatIcon size={28} />} title={t('chats.empty.title')} body={t('chats.empty.body')}>
          <button type="button" class="button button-small" onClick={() => (view.value = 'friends')}>
            {t('nav.friends')}
          </button>
        </EmptyState>
      ) : (
        <ul class="list">
          {conversations.map((c) => (
            <li key={c.peer}>
              <ChatItem conversation={c} friend={friends.get(c.peer)} active={app.activePeer.value === c.peer} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ChatItem({ conversation, friend, active }: { conversation: Conversation; friend?: Friend; active: boolean }) {
  const app = useApp();
  const { peer, last, unread } = conversation;
  const time = last ? formatListTime(last.at, now.value) : '';
  return (
    <button
      type="button"
      class={`list-item${active ? ' is-active' : ''}${unread ? ' has-unread' : ''}`}
      aria-current={active ? 'true' : undefined}
      data-testid="chat-item"
      data-peer={peer}
      data-unread={unread}
      onClick={() => void openChat(app, peer)}
      onContextMenu={(e) =>
        showContextMenu(e, [
          { label: t('menu.hide'), testid: 'menu-hide', icon: <ArchiveIcon size={16} />, onSelect: () => void hideChat(app, peer) },
          {
            label: t('menu.deleteHistory'),
            testid: 'menu-delete-history',
            icon: <TrashIcon size={16} />,
            danger: true,
            onSelect: () => void deleteHistory(app, peer),
          },
        ])
      }
    >
      <span class="avatar-wrap">
        <Avatar name={peer} />
        {friend && <OnlineDot online={friend.online} name={peer} />}
      </span>
      <span class="list-item-main">
        <span class="list-item-row">
          <span class="list-item-name">
            <span class="truncate">{peer}</span>
            {friend && <TrustBadge trust={friend.trust} compact />}
          </span>
          {last && (
            <time class="list-item-time" dateTime={new Date(last.at).toISOString()}>
              {time}
            </time>
          )}
        </span>
        <span class="list-item-row">
          <span class="list-item-preview">
            {last?.outgoing && <MessageStatusIcon status={last.status} />}
            <span class="truncate">{last ? contentPreview(last.content) : t('chats.noMessages')}</span>
          </span>
          {unread > 0 && (
            <span class="badge" aria-label={t('chats.unread', { count: unread })}>
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </span>
      </span>
    </button>
  );
}
