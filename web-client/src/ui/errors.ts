import { ActionError } from '../app/model';
import { t, type MessageKey } from '../i18n';

/** The i18n key for a failure the user can do something about, or null when only the server's detail says it. */
function keyFor(error: ActionError): MessageKey | null {
  if (error.status === 0) return 'err.network';
  if (error.status >= 500) return 'err.server';
  if (error.status === 429) return 'err.rateLimited';
  if (error.status === 401) return 'err.credentials';
  if (error.status === 404) return 'err.notFound';
  if (error.status === 409 && error.field === 'username') return 'err.username.taken';
  if (error.status === 409 && error.field === 'email') return 'err.email.taken';
  return null;
}

/** One line for the user about any failed action. */
export function describeError(error: unknown): string {
  if (error instanceof ActionError) {
    const key = keyFor(error);
    if (key) return t(key);
    return error.detail ? t('err.generic', { detail: error.detail }) : t('err.unknown');
  }
  if (error instanceof TypeError) return t('err.network');
  return t('err.unknown');
}

/** The form field an error belongs to, if the server named one. */
export function errorField(error: unknown): string | undefined {
  return error instanceof ActionError ? error.field : undefined;
}

/** Text for a field-level error: our own wording where we have one, the server's detail otherwise. */
export function describeFieldError(error: ActionError): string {
  const key = keyFor(error);
  return key ? t(key) : error.detail || t('err.unknown');
}
