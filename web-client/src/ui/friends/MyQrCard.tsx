import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';
import { QrImage } from '../common/QrImage';
import { useApp } from '../context';

/** My friend code: scanning it in MiYu adds me. */
export function MyQrCard({ size = 220 }: { size?: number }) {
  const app = useApp();
  const username = app.username.value ?? '';
  return (
    <div class="my-qr">
      <div class="my-qr-who">
        <Avatar name={username} size="sm" />
        <span class="my-qr-name">{username}</span>
      </div>
      <QrImage text={app.myQrText()} alt={t('myqr.alt', { username })} testid="my-qr" size={size} />
      <p class="my-qr-hint">{t('myqr.hint')}</p>
    </div>
  );
}
