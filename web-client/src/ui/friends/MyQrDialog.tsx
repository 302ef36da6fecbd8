import { t } from '../../i18n';
import { Dialog } from '../common/Dialog';
import { MyQrCard } from './MyQrCard';

export function MyQrDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog title={t('myqr.title')} onClose={onClose} size="sm">
      <MyQrCard />
    </Dialog>
  );
}
