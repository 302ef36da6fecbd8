import { useState } from 'preact/hooks';
import type { FriendRequest } from '../../app/model';
import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';
import { InboxIcon } from '../common/icons';
import { PaneHeader } from '../common/Pane';
import { Spinner } from '../common/presence';
import { showToast } from '../common/toast';
import { now } from '../clock';
import { useApp } from '../context';
import { describeError } from '../errors';
import { formatRelative, parseIso } from '../format';

export function RequestsPane() {
  const app = useApp();
  const { incoming, outgoing } = app.requests.value;
  return (
    <div class="pane">
      <PaneHeader title={t('requests.title')} />
      <div class="pane-scroll">
        <section class="section" aria-labelledby="requests-incoming">
          <h3 id="requests-incoming" class="section-title">
            {t('requests.incoming')}
            {incoming.length > 0 && <span class="section-count">{incoming.length}</span>}
          </h3>
          {incoming.length === 0 ? (
            <p class="section-empty">
              <InboxIcon size={18} />
              <span>{t('requests.emptyIncoming')}</span>
            </p>
          ) : (
            <ul class="list">
              {incoming.map((r) => (
                <RequestItem key={r.id} request={r} direction="incoming" />
              ))}
            </ul>
          )}
        </section>
        <section class="section" aria-labelledby="requests-outgoing">
          <h3 id="requests-outgoing" class="section-title">
            {t('requests.outgoing')}
            {outgoing.length > 0 && <span class="section-count">{outgoing.length}</span>}
          </h3>
          {outgoing.length === 0 ? (
            <p class="section-empty">
              <InboxIcon size={18} />
              <span>{t('requests.emptyOutgoing')}</span>
            </p>
          ) : (
            <ul class="list">
              {outgoing.map((r) => (
                <RequestItem key={r.id} request={r} direction="outgoing" />
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function RequestItem({ request, direction }: { request: FriendRequest; direction: 'incoming' | 'outgoing' }) {
  const app = useApp();
  const [busy, setBusy] = useState<'accept' | 'decline' | 'cancel' | null>(null);
  const at = parseIso(request.createdAt);
  const time = at ? formatRelative(at, now.value) : '';

  const run = async (action: 'accept' | 'decline' | 'cancel') => {
    setBusy(action);
    try {
      if (action === 'accept') {
        await app.acceptRequest(request.id);
        showToast(t('requests.accepted', { username: request.username }), 'success');
      } else if (action === 'decline') await app.declineRequest(request.id);
      else await app.cancelRequest(request.id);
    } catch (error) {
      showToast(describeError(error), 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <li class="request" data-testid={`request-${direction}`} data-username={request.username}>
      <Avatar name={request.username} />
      <span class="request-main">
        <span class="request-name truncate">{request.username}</span>
        <span class="request-meta">
          {at ? <time dateTime={request.createdAt}>{time}</time> : null}
        </span>
      </span>
      <span class="request-actions">
        {direction === 'incoming' ? (
          <>
            <button type="button" class="button button-small" disabled={!!busy} onClick={() => void run('decline')} data-testid="request-decline">
              {busy === 'decline' && <Spinner />}
              <span>{t('requests.decline')}</span>
            </button>
            <button type="button" class="button button-small button-primary" disabled={!!busy} onClick={() => void run('accept')} data-testid="request-accept">
              {busy === 'accept' && <Spinner />}
              <span>{t('requests.accept')}</span>
            </button>
          </>
        ) : (
          <button type="button" class="button button-small" disabled={!!busy} onClick={() => void run('cancel')} data-testid="request-cancel">
            {busy === 'cancel' && <Spinner />}
            <span>{t('requests.cancel')}</span>
          </button>
        )}
      </span>
    </li>
  );
}
