import { beforeEach, describe, expect, it } from 'vitest';
import { lang } from '../i18n';
import { daysBefore, formatDay, formatListTime, formatRelative } from './format';

const at = (day: number, hour: number, minute = 0) => new Date(2026, 2, day, hour, minute).getTime();
const now = at(18, 14, 30); // a Wednesday afternoon

describe('time formatting', () => {
  beforeEach(() => {
    lang.value = 'en';
  });

  it('counts calendar days, not 24-hour spans', () => {
    expect(daysBefore(at(18, 0, 5), now)).toBe(0);
    expect(daysBefore(at(17, 23, 59), now)).toBe(1);
    expect(daysBefore(at(11, 12), now)).toBe(7);
  });

  it('shows list times as clock, yesterday, weekday or date', () => {
    expect(formatListTime(at(18, 9, 5), now)).toBe('09:05');
    expect(formatListTime(at(17, 22), now)).toBe('Yesterday');
    expect(formatListTime(at(15, 10), now)).toBe('Sun');
    expect(formatListTime(at(2, 10), now)).toBe('3/2');
  });

  it('names day separators', () => {
    expect(formatDay(at(18, 8), now)).toBe('Today');
    expect(formatDay(at(17, 8), now)).toBe('Yesterday');
    expect(formatDay(at(10, 8), now)).toBe('Tue, March 10');
  });

  it('says how long ago', () => {
    expect(formatRelative(now - 10_000, now)).toBe('just now');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 hours ago');
    expect(formatRelative(at(16, 9), now)).toBe('2 days ago');
  });

  it('speaks Chinese when asked', () => {
    lang.value = 'zh-CN';
    expect(formatListTime(at(17, 22), now)).toBe('昨天');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5分钟前');
  });
});
