import type { Connection } from '../../app/model';
import { t, type MessageKey } from '../../i18n';
import { ChatIcon, FriendsIcon, InboxIcon, Logo, UserIcon } from '../common/icons';
import { useApp } from '../context';
import { view, type View } from '../state';

const ITEMS: { view: View; label: MessageKey; testid: string; icon: typeof ChatIcon }[] = [
  { view: 'chats', label: 'nav.chats', testid: 'nav-chats', icon: ChatIcon },
  { view: 'friends', label: 'nav.friends', testid: 'nav-friends', icon: FriendsIcon },
  { view: 'requests', label: 'nav.requests', testid: 'nav-requests', icon: InboxIcon },
  { view: 'profile', label: 'nav.profile', testid: 'nav-profile', icon: UserIcon },
];

const CONNECTION_TEXT: Record<Connection, MessageKey> = {
  online: 'conn.online',
  connecting: 'conn.connecting',
  offline: 'conn.offline',
  replaced: 'conn.replaced',
};

/** Navigation between the list panes; a bottom tab bar on narrow screens. */
export function Rail() {
  const app = useApp();
  const incoming = app.requests.value.incoming.length;
  const unread = app.conversations.value.reduce((sum, c) => sum + c.unread, 0);
  const badges: Partial<Record<View, { count: number; label: string }>> = {
    chats: unread ? { count: unread, label: t('chats.unread', { count: unread }) } : undefined,
    requests: incoming ? { count: incoming, label: t('nav.requests.badge', { count: incoming }) } : undefined,
  };
  return (
    <nav class="rail" aria-label={t('nav.label')}>
      <div class="rail-logo">
        <Logo size={36} />
      </div>
      <ul class="rail-nav">
        {ITEMS.map((item) => {
          const active = view.value === item.view;
          const badge = badges[item.view];
          return (
            <li key={item.view}>
              <button
                type="button"
                class={`rail-item${active ? ' is-active' : ''}`}
                aria-current={active ? 'page' : undefined}
                data-testid={item.testid}
                onClick={() => {
                  view.value = item.view;
                }}
              >
                <span class="rail-icon">
                  <item.icon size={22} />
                  {badge && (
                    <span class="badge rail-badge" aria-label={badge.label}>
                      {badge.count > 99 ? '99+' : badge.count}
                    </span>
                  )}
                </span>
                <span class="rail-label">{t(item.label)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <ConnectionState />
    </nav>
  );
}

function ConnectionState() {
  const app = useApp();
  const state = app.connection.value;
  const text = t(CONNECTION_TEXT[state]);
  return (
    <div class={`conn conn-${state}`} data-testid="connection-state" data-state={state} role="status" title={text}>
      <span class="conn-dot" aria-hidden="true" />
      <span class="conn-label">{text}</span>
    </div>
  );
}
