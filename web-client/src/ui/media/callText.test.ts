import { describe, expect, it } from 'vitest';
import { formatDuration } from '../format';
import { endedKey } from './callText';

describe('wording and formatting', () => {
  it('says why a call ended from our side of it', () => {
    expect(endedKey('declined', true, null)).toBe('call.ended.declined');
    expect(endedKey('declined', false, null)).toBe('call.ended.declinedByMe');
    expect(endedKey('timeout', true, null)).toBe('call.ended.noAnswer');
    expect(endedKey('timeout', false, null)).toBe('call.ended.missed');
    expect(endedKey('failed', true, 'mic-denied')).toBe('call.ended.micDenied');
    expect(endedKey('failed', true, null)).toBe('call.ended.failed');
    expect(endedKey('hangup', false, null, 'ringing')).toBe('call.ended.missed');
    expect(endedKey('hangup', true, null, 'calling')).toBe('call.ended.cancelled');
    expect(endedKey('hangup', true, null, 'connected')).toBe('call.ended.hangup');
  });

  it('formats durations as m:ss, mm:ss for timers, h:mm:ss past an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(1500)).toBe('0:01');
    expect(formatDuration(65_000, true)).toBe('01:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('0:00');
  });
});
