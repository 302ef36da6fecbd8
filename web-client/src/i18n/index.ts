import { signal } from '@preact/signals';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey };
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export type Args = Record<string, string | number>;

const STORAGE_KEY = 'miyu.lang';
const catalogs: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

function storedLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** The current language; components that call t() re-render when it changes. */
export const lang = signal<Lang>(storedLang());

export function setLang(next: Lang): void {
  lang.value = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyDocumentLang();
}

export function applyDocumentLang(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang.value;
}

function format(template: string, args?: Args): string {
  return args ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole)) : template;
}

export function t(key: MessageKey, args?: Args): string {
  return format(catalogs[lang.value][key], args);
}

/** The text of an app notice (its key is looked up under "notice."); null when the catalog does not know it. */
export function tNotice(key: string, args?: Args): string | null {
  const catalog: Record<string, string> = catalogs[lang.value];
  const found = [`notice.${key}`, key].find((k) => Object.hasOwn(catalog, k));
  return found ? format(catalog[found], args) : null;
}
