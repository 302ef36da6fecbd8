import { t } from '../i18n';
import { Logo } from './common/icons';
import { Spinner } from './common/presence';

export function Splash() {
  return (
    <div class="splash" role="status" aria-live="polite">
      <Logo size={64} />
      <p class="splash-text">
        <Spinner />
        <span>{t('splash.starting')}</span>
      </p>
    </div>
  );
}
