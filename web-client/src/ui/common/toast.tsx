import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Notice } from '../../app/model';
import { t, tNotice } from '../../i18n';
import { useApp } from '../context';
import { AlertIcon, CheckIcon, CloseIcon, InfoIcon } from './icons';

interface LocalToast {
  kind: 'success' | 'info' | 'error';
  text: string;
}

/** Feedback of the UI's own actions (a request sent, a QR code not recognised); the app's notices take precedence. */
const local = signal<LocalToast | null>(null);

export function showToast(text: string, kind: LocalToast['kind'] = 'info'): void {
  local.value = { kind, text };
}

export function clearToast(): void {
  local.value = null;
}

function noticeText(notice: Notice): string {
  const text = tNotice(notice.key, notice.args);
  if (text !== null) return text;
  const detail = notice.args?.detail;
  if (notice.kind === 'error') return detail ? t('err.generic', { detail }) : t('err.unknown');
  return detail ?? notice.key;
}

export function ToastHost() {
  const app = useApp();
  const notice = app.notice.value;
  const own = local.value;
  const shown = notice ? { kind: notice.kind, text: noticeText(notice) } : own;
  const dismiss = notice ? () => app.dismissNotice() : () => clearToast();

  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(dismiss, shown.kind === 'error' ? 8000 : 4500);
    return () => clearTimeout(timer);
  }, [notice, own]);

  return (
    <div class="toast-region" aria-live="polite" aria-atomic="true">
      {shown && (
        <div class={`toast toast-${shown.kind}`} data-testid="toast" role={shown.kind === 'error' ? 'alert' : 'status'}>
          <span class="toast-icon">{shown.kind === 'error' ? <AlertIcon size={18} /> : shown.kind === 'success' ? <CheckIcon size={18} /> : <InfoIcon size={18} />}</span>
          <span class="toast-text">{shown.text}</span>
          <button type="button" class="icon-button toast-close" aria-label={t('toast.dismiss')} onClick={dismiss}>
            <CloseIcon size={16} />
          </button>
        </div>
      )}
    </div>
  );
}
