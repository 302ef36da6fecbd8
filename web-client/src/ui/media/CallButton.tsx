import type { Friend } from '../../app/model';
import { t, type MessageKey } from '../../i18n';
import { showToast } from '../common/toast';
import { useApp } from '../context';
import { PhoneIcon } from './CallIcons';
import { callsReady, callState, inCall, startCall } from '../../app/calls';
import './call.css';

/** The phone in the conversation header; says why when it cannot call (title and aria-description). */
export function CallButton({ peer, friend }: { peer: string; friend?: Friend }) {
  const app = useApp();
  const st = callState.value;
  const busy = inCall(st);
  const why: MessageKey | null = !callsReady.value
    ? 'call.unavailable'
    : !friend
      ? 'call.notFriend'
      : friend.trust.status === 'changed'
        ? 'call.keyChanged'
        : app.connection.value !== 'online'
          ? 'call.offline'
          : !friend.online
            ? 'call.peerOffline'
            : busy
              ? 'call.busyNow'
              : null;
  const label = why ? `${t('call.start')} — ${t(why, { peer })}` : t('call.start');
  return (
    <button
      type="button"
      class="icon-button call-start"
      aria-label={label}
      title={label}
      disabled={why !== null}
      onClick={() => {
        if (!startCall(peer)) showToast(t('call.busyNow'), 'error');
      }}
      data-testid="call-start"
    >
      <PhoneIcon size={20} />
    </button>
  );
}
