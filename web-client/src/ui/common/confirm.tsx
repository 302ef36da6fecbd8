import { signal } from '@preact/signals';
import { t } from '../../i18n';
import { Dialog } from './Dialog';

interface ConfirmRequest {
  title: string;
  body: string;
  ok: string;
  danger?: boolean;
  resolve(ok: boolean): void;
}

const pending = signal<ConfirmRequest | null>(null);

/** Asks the user a yes/no question in a modal; resolves false on cancel, Escape or backdrop. */
export function confirmAction(request: Omit<ConfirmRequest, 'resolve'>): Promise<boolean> {
  pending.value?.resolve(false);
  return new Promise((resolve) => {
    pending.value = { ...request, resolve };
  });
}

export function cancelConfirm(): void {
  answer(false);
}

function answer(ok: boolean) {
  const request = pending.value;
  if (!request) return;
  pending.value = null;
  request.resolve(ok);
}

export function ConfirmHost() {
  const request = pending.value;
  if (!request) return null;
  return (
    <Dialog title={request.title} onClose={() => answer(false)} size="sm" alert>
      <p class="dialog-text">{request.body}</p>
      <div class="dialog-actions">
        <button type="button" class="button" data-testid="confirm-cancel" autofocus onClick={() => answer(false)}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          class={`button ${request.danger ? 'button-danger' : 'button-primary'}`}
          data-testid="confirm-ok"
          onClick={() => answer(true)}
        >
          {request.ok}
        </button>
      </div>
    </Dialog>
  );
}
