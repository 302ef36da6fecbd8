import type { Trust } from '../../app/model';
import { t } from '../../i18n';
import { ShieldCheckIcon, WarningIcon } from './icons';

export function OnlineDot({ online, name }: { online: boolean; name: string }) {
  const status = t(online ? 'friends.online' : 'friends.offline');
  return (
    <span
      class={`online-dot ${online ? 'is-online' : 'is-offline'}`}
      role="img"
      aria-label={t('friends.onlineLabel', { name, status })}
      title={status}
    />
  );
}

/** Verified shield or changed-key warning; nothing for the ordinary trust-on-first-use state. */
export function TrustBadge({ trust, compact = false }: { trust: Trust; compact?: boolean }) {
  if (trust.status === 'verified') {
    return (
      <span class="trust-badge trust-verified" title={t('trust.verified')} aria-label={t('trust.verified')} role="img">
        <ShieldCheckIcon size={14} />
        {!compact && <span aria-hidden="true">{t('trust.verified')}</span>}
      </span>
    );
  }
  if (trust.status === 'changed') {
    return (
      <span class="trust-badge trust-changed" title={t('trust.changed')} aria-label={t('trust.changed')} role="img">
        <WarningIcon size={14} />
        {!compact && <span aria-hidden="true">{t('trust.changed')}</span>}
      </span>
    );
  }
  return null;
}

export function Spinner({ label }: { label?: string }) {
  return <span class="spinner" role={label ? 'status' : undefined} aria-label={label} />;
}
