import { useState } from 'preact/hooks';
import { ActionError } from '../../app/model';
import { t } from '../../i18n';
import { PasswordField } from '../auth/PasswordField';
import { Avatar } from '../common/Avatar';
import { LangSwitch } from '../common/LangSwitch';
import { LockIcon, LogoutIcon } from '../common/icons';
import { Spinner } from '../common/presence';
import { useApp } from '../context';
import { describeError } from '../errors';

/** A wrong password shows up as a failed authentication (server) or as a key backup that does not open (local). */
function unlockError(error: unknown): string {
  if (error instanceof ActionError) return error.status === 401 || error.status === 403 ? t('err.wrongPassword') : describeError(error);
  if (error instanceof TypeError) return t('err.network');
  return t('err.wrongPassword');
}

export function LockScreen() {
  const app = useApp();
  const username = app.username.value ?? '';
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const working = busy || app.progress.value !== null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (working) return;
    if (!password) {
      setError(t('err.password.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await app.unlock(password);
    } catch (err) {
      setError(unlockError(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="auth-page">
      <div class="auth-top">
        <LangSwitch />
      </div>
      <main class="auth-main">
        <form class="card auth-card lock-card" onSubmit={submit} noValidate aria-busy={working}>
          <div class="lock-identity">
            <div class="lock-avatar">
              <Avatar name={username || '?'} size="xl" />
              <span class="lock-badge" aria-hidden="true">
                <LockIcon size={14} />
              </span>
            </div>
            <h1 class="auth-title">{t('lock.title')}</h1>
            <p class="lock-username">{username}</p>
          </div>
          <div class={`field${error ? ' field-invalid' : ''}`}>
            <label class="field-label" for="lock-password">
              {t('lock.subtitle')}
            </label>
            <PasswordField
              id="lock-password"
              value={password}
              onInput={(v) => {
                setPassword(v);
                setError(null);
              }}
              autocomplete="current-password"
              testid="lock-password"
              invalid={!!error}
              describedBy={error ? 'lock-error' : undefined}
              disabled={working}
              autofocus
            />
            {error && (
              <p id="lock-error" class="field-error" role="alert" data-testid="lock-error">
                {error}
              </p>
            )}
          </div>
          {/* the username travels in a hidden field so password managers can match the login */}
          <input type="text" class="visually-hidden" autocomplete="username" value={username} readOnly tabIndex={-1} aria-hidden="true" />
          <button type="submit" class="button button-primary button-block" disabled={working} data-testid="lock-submit">
            {working && <Spinner />}
            <span>{t(working ? 'lock.unlocking' : 'lock.submit')}</span>
          </button>
          <button type="button" class="button button-ghost button-block" onClick={() => void app.logout()} disabled={busy} data-testid="lock-logout">
            <LogoutIcon size={16} />
            <span>{t('lock.logout')}</span>
          </button>
        </form>
      </main>
    </div>
  );
}
