import type { Friend } from '../../app/model';
import { t } from '../../i18n';
import { openSafety } from '../actions';
import { Avatar } from '../common/Avatar';
import { BackIcon, LockIcon, ShieldIcon } from '../common/icons';
import { OnlineDot, TrustBadge } from '../common/presence';
import { now } from '../clock';
import { useApp } from '../context';
import { formatRelative, parseIso } from '../format';
import { CallButton } from '../media/CallButton';
import { Composer } from './Composer';
import { KeyChangedBanner } from './KeyChangedBanner';
import { MessageList } from './MessageList';

export function ConversationPane() {
  const app = useApp();
  const peer = app.activePeer.value;
  if (!peer) {
    return (
      <section class="conversation-pane is-empty">
        <div class="conv-empty">
          <span class="conv-empty-icon">
            <LockIcon size={28} />
          </span>
          <h2 class="conv-empty-title">{t('conv.empty.title')}</h2>
          <p class="conv-empty-body">{t('conv.empty.body')}</p>
        </div>
      </section>
    );
  }
  const friend = app.friends.value.find((f) => f.username === peer);
  const changed = friend?.trust.status === 'changed';
  const messages = app.messages.value.filter((m) => m.peer === peer);
  return (
    <section class="conversation-pane" data-testid="conversation" data-peer={peer} aria-label={t('conv.messages', { peer })}>
      <ConversationHeader peer={peer} friend={friend} />
      {changed && friend && <KeyChangedBanner peer={peer} trust={friend.trust} />}
      <MessageList key={peer} peer={peer} messages={messages} />
      <Composer key={peer} peer={peer} blocked={changed ? 'composer.blocked' : !friend ? 'composer.notFriend' : null} />
    </section>
  );
}

function ConversationHeader({ peer, friend }: { peer: string; friend?: Friend }) {
  const app = useApp();
  const lastActive = parseIso(friend?.lastActive);
  const status = !friend
    ? ''
    : friend.online
      ? t('friends.online')
      : lastActive
        ? t('friends.lastActive', { time: formatRelative(lastActive, now.value) })
        : t('friends.offline');
  return (
    <header class="conv-header">
      <button type="button" class="icon-button conv-back" aria-label={t('conv.back')} onClick={() => void app.openConversation(null)}>
        <BackIcon size={22} />
      </button>
      <span class="avatar-wrap">
        <Avatar name={peer} />
        {friend && <OnlineDot online={friend.online} name={peer} />}
      </span>
      <div class="conv-heading">
        <h2 class="conv-title">
          <span class="truncate">{peer}</span>
          {friend && <TrustBadge trust={friend.trust} />}
        </h2>
        {status && <p class={`conv-status${friend?.online ? ' is-online-text' : ''}`}>{status}</p>}
      </div>
      <CallButton peer={peer} friend={friend} />
      <button type="button" class="button button-small button-ghost" onClick={() => openSafety(peer)} data-testid="safety-open">
        <ShieldIcon size={16} />
        <span class="conv-safety-label">{t('conv.safety')}</span>
      </button>
    </header>
  );
}
