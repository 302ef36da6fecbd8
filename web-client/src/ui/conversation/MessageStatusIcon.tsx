import type { MessageStatus } from '../../app/model';
import { t } from '../../i18n';
import { AlertIcon, CheckCheckIcon, CheckIcon, ClockIcon } from '../common/icons';

/** ◷ sending, ✓ accepted by the relay, ✓✓ delivered to the friend's browser, ! failed. */
export function MessageStatusIcon({ status }: { status: MessageStatus }) {
  if (status === 'received') return null;
  const icon =
    status === 'sending' ? <ClockIcon size={13} /> : status === 'accepted' ? <CheckIcon size={14} /> : status === 'delivered' ? <CheckCheckIcon size={14} /> : <AlertIcon size={14} />;
  return (
    <span class={`status-icon status-${status}`} role="img" aria-label={t(`status.${status}`)} title={t(`status.${status}`)}>
      {icon}
    </span>
  );
}
