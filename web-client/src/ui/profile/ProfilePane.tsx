import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';
import { GlobeIcon, LockIcon, LogoutIcon, ShieldCheckIcon } from '../common/icons';
import { LangSwitch } from '../common/LangSwitch';
import { PaneHeader } from '../common/Pane';
import { useApp } from '../context';
import { MyQrCard } from '../friends/MyQrCard';
import { endCallBeforeLeaving } from '../../app/calls';

export function ProfilePane() {
  const app = useApp();
  const username = app.username.value ?? '';
  return (
    <div class="pane">
      <PaneHeader title={t('profile.title')} />
      <div class="pane-scroll profile">
        <div class="profile-identity">
          <Avatar name={username} size="lg" />
          <div class="profile-who">
            <p class="profile-name">{username}</p>
            <p class="profile-e2e">
              <ShieldCheckIcon size={14} />
              <span>{t('profile.e2e.title')}</span>
            </p>
          </div>
        </div>

        <section class="card profile-card" aria-labelledby="profile-security">
          <h3 id="profile-security" class="card-title">
            {t('profile.security')}
          </h3>
          <p class="card-text">{t('profile.e2e.body')}</p>
          <div class="setting">
            <LockIcon size={18} />
            <span class="setting-label">
              {t('profile.lockLabel')}
              <span class="setting-hint">{t('profile.lock.hint')}</span>
            </span>
            <button type="button" class="button button-small" onClick={() => void endCallBeforeLeaving().then(() => app.lock())} data-testid="profile-lock">
              {t('profile.lock')}
            </button>
          </div>
          <div class="setting">
            <GlobeIcon size={18} />
            <span class="setting-label">{t('profile.language')}</span>
            <LangSwitch variant="row" />
          </div>
          <button type="button" class="button button-danger-ghost button-block" onClick={() => void endCallBeforeLeaving().then(() => app.logout())} data-testid="profile-logout">
            <LogoutIcon size={16} />
            <span>{t('profile.logout')}</span>
          </button>
        </section>

        <section class="card profile-card" aria-labelledby="profile-qr">
          <h3 id="profile-qr" class="card-title">
            {t('profile.myQr')}
          </h3>
          <MyQrCard size={180} />
        </section>
      </div>
    </div>
  );
}
