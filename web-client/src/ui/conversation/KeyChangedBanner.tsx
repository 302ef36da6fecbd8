import { useState } from 'preact/hooks';
import type { Trust } from '../../app/model';
import { t } from '../../i18n';
import { openSafety } from '../actions';
import { WarningIcon } from '../common/icons';
import { Spinner } from '../common/presence';
import { showToast } from '../common/toast';
import { useApp } from '../context';
import { describeError } from '../errors';

/** The friend's key is not the pinned one: say so plainly, block sending, offer to compare and accept. */
export function KeyChangedBanner({ peer, trust }: { peer: string; trust: Trust }) {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const accept = async () => {
    setBusy(true);
    try {
      await app.acceptKeyChange(peer);
    } catch (error) {
      showToast(describeError(error), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="key-banner" role="alert" data-testid="key-changed-banner">
      <span class="key-banner-icon">
        <WarningIcon size={20} />
      </span>
      <div class="key-banner-body">
        <p>{t('conv.keyChanged', { peer })}</p>
        {trust.wasVerified && <p class="key-banner-note">{t('conv.keyChanged.wasVerified', { peer })}</p>}
        <div class="key-banner-actions">
          <button type="button" class="button button-small button-warning" disabled={busy} onClick={() => void accept()} data-testid="key-accept">
            {busy && <Spinner />}
            <span>{t('conv.acceptKey')}</span>
          </button>
          <button type="button" class="button button-small button-ghost" onClick={() => openSafety(peer)}>
            {t('conv.viewSafety')}
          </button>
        </div>
      </div>
    </div>
  );
}
