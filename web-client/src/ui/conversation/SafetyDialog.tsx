import { useEffect, useState } from 'preact/hooks';
import type { SafetyInfo } from '../../app/model';
import { t } from '../../i18n';
import { Dialog } from '../common/Dialog';
import { ShieldCheckIcon } from '../common/icons';
import { Spinner } from '../common/presence';
import { QrImage } from '../common/QrImage';
import { showToast } from '../common/toast';
import { useApp } from '../context';
import { describeError } from '../errors';

/** The pair's safety number as 12 groups of 5 digits and as a QR code, with "mark as verified". */
export function SafetyDialog({ peer, onClose }: { peer: string; onClose(): void }) {
  const app = useApp();
  const trust = app.friends.value.find((f) => f.username === peer)?.trust;
  const [info, setInfo] = useState<SafetyInfo | null>(null);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  // a key change changes the number: compute again whenever the pinned or pending key does
  useEffect(() => {
    let current = true;
    setFailed(false);
    app.safety(peer).then(
      (i) => current && setInfo(i),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [peer, trust?.status, trust?.fingerprint, trust?.pendingFingerprint]);

  const verify = async () => {
    setBusy(true);
    try {
      await app.markVerified(peer);
      setInfo((i) => i && { ...i, verified: true });
    } catch (error) {
      showToast(describeError(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  const groups = info?.digits.split(/\s+/).filter(Boolean) ?? [];
  const verified = info?.verified && trust?.status !== 'changed';
  return (
    <Dialog title={t('safety.title', { peer })} onClose={onClose} testid="safety-dialog">
      <p class="dialog-text">{t('safety.body')}</p>
      {info ? (
        <div class="safety">
          <QrImage text={info.qrText} alt={t('safety.qrAlt')} size={176} />
          <div class="safety-digits" data-testid="safety-digits">
            {groups.map((group, i) => (
              <span key={i} class="safety-group">
                {group}{' '}
              </span>
            ))}
          </div>
          {verified ? (
            <p class="safety-verified" role="status">
              <ShieldCheckIcon size={18} />
              <span>{t('safety.verified')}</span>
            </p>
          ) : (
            <button type="button" class="button button-primary" disabled={busy} onClick={() => void verify()} data-testid="safety-verify">
              {busy && <Spinner />}
              <span>{t('safety.verify')}</span>
            </button>
          )}
        </div>
      ) : failed ? (
        <p class="form-error" role="alert">
          {t('safety.failed')}
        </p>
      ) : (
        <div class="safety-loading">
          <Spinner label={t('common.loading')} />
        </div>
      )}
    </Dialog>
  );
}
