/** How the call bar words an ended call. */
import type { CallState, EndReason } from '../../media/call';

/** The i18n key of an ended call's reason, from our point of view. */
export function endedKey(
  reason: EndReason,
  outgoing: boolean,
  failure: 'mic-denied' | 'mic-missing' | null,
  from: CallState['phase'] | null = null,
) {
  switch (reason) {
    case 'hangup':
      return from === 'ringing' ? ('call.ended.missed' as const) : from === 'calling' ? ('call.ended.cancelled' as const) : ('call.ended.hangup' as const);
    case 'declined':
      return outgoing ? ('call.ended.declined' as const) : ('call.ended.declinedByMe' as const);
    case 'busy':
      return 'call.ended.busy' as const;
    case 'timeout':
      return outgoing ? ('call.ended.noAnswer' as const) : ('call.ended.missed' as const);
    case 'failed':
      return failure === 'mic-denied'
        ? ('call.ended.micDenied' as const)
        : failure === 'mic-missing'
          ? ('call.ended.micMissing' as const)
          : ('call.ended.failed' as const);
  }
}
