import { lang, t, type Lang } from '../i18n';

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whole calendar days between two instants in local time (0 = same day, 1 = `ms` was yesterday). */
export function daysBefore(ms: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(ms)) / DAY_MS);
}

/** A key that is equal for two instants on the same local calendar day. */
export function dayKey(ms: number): number {
  return startOfDay(ms);
}

export function formatClock(ms: number, locale: Lang = lang.value): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** Compact time for list rows: clock today, "yesterday", weekday this week, date otherwise. */
export function formatListTime(ms: number, now = Date.now(), locale: Lang = lang.value): string {
  const days = daysBefore(ms, now);
  if (days <= 0) return formatClock(ms, locale);
  if (days === 1) return t('day.yesterday');
  if (days < 7) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(ms);
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, sameYear ? { month: 'numeric', day: 'numeric' } : { dateStyle: 'short' }).format(ms);
}

/** Heading of a day separator in a conversation. */
export function formatDay(ms: number, now = Date.now(), locale: Lang = lang.value): string {
  const days = daysBefore(ms, now);
  if (days <= 0) return t('day.today');
  if (days === 1) return t('day.yesterday');
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    ...(sameYear ? {} : { year: 'numeric' }),
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(ms);
}

/** "just now", "5 minutes ago", "yesterday"… */
export function formatRelative(ms: number, now = Date.now(), locale: Lang = lang.value): string {
  const seconds = Math.round((ms - now) / 1000);
  if (Math.abs(seconds) < 45) return t('time.justNow');
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(hours, 'hour');
  const days = -daysBefore(ms, now);
  if (Math.abs(days) < 7) return rtf.format(days, 'day');
  return formatListTime(ms, now, locale);
}

export function parseIso(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** m:ss (or h:mm:ss) for call timers and clip lengths; `pad` gives mm:ss. */
export function formatDuration(ms: number, pad = false): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  if (h > 0) return `${h}:${String(m).padStart(2, '0')}:${s}`;
  return `${pad ? String(m).padStart(2, '0') : m}:${s}`;
}
