import { lang, setLang, t } from '../../i18n';
import { GlobeIcon } from './icons';

/** One button that switches between 中文 and English; the choice is remembered. */
export function LangSwitch({ variant = 'ghost' }: { variant?: 'ghost' | 'row' }) {
  const next = lang.value === 'zh-CN' ? 'en' : 'zh-CN';
  const name = t(`lang.${next}`);
  return (
    <button
      type="button"
      class={variant === 'row' ? 'button button-small' : 'button button-ghost button-small'}
      data-testid="lang-switch"
      lang={next}
      aria-label={t('lang.switchTo', { name })}
      onClick={() => setLang(next)}
    >
      <GlobeIcon size={16} />
      <span>{name}</span>
    </button>
  );
}
