import { t } from '../../i18n';
import { Dialog } from '../common/Dialog';
import { LockIcon } from '../common/icons';

/**
 * The revealed hidden text, rendered as text (never HTML). It exists only in the owning bubble's state: not in the
 * message store, the cache or the history; closing drops it.
 */
export function StegoReveal({ text, onClose }: { text: string; onClose(): void }) {
  return (
    <Dialog title={t('stego.revealTitle')} onClose={onClose} size="sm" testid="stego-reveal">
      <p class="stego-secret" data-testid="stego-reveal-text">
        {text}
      </p>
      <p class="stego-reveal-note">
        <LockIcon size={14} />
        <span>{t('stego.revealNote')}</span>
      </p>
      <div class="dialog-actions">
        <button type="button" class="button button-primary" onClick={onClose} data-testid="stego-reveal-close">
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
