import { t } from '../../i18n';
import { AlertIcon } from '../common/icons';
import { Spinner } from '../common/presence';
import { useApp } from '../context';

/** Says so when messages cannot flow, above both panes; "connecting" only appears if it lasts (CSS delay). */
export function ConnectionBanner() {
  const app = useApp();
  const state = app.connection.value;
  if (state === 'online') return null;
  return (
    <div class={`conn-banner conn-banner-${state}`} role={state === 'replaced' ? 'alert' : 'status'}>
      {state === 'connecting' ? <Spinner /> : <AlertIcon size={18} />}
      <span class="conn-banner-text">
        {t(state === 'replaced' ? 'conn.banner.replaced' : state === 'offline' ? 'conn.banner.offline' : 'conn.banner.connecting')}
      </span>
      {state === 'replaced' && (
        <button type="button" class="button button-small button-primary" onClick={() => app.reconnect()}>
          {t('conn.useHere')}
        </button>
      )}
    </div>
  );
}
