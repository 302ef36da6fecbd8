import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { EyeIcon, EyeOffIcon } from '../common/icons';

interface Props {
  id: string;
  value: string;
  onInput(value: string): void;
  onBlur?(): void;
  autocomplete: 'current-password' | 'new-password';
  testid: string;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
  autofocus?: boolean;
}

/** A password input with a show/hide toggle. */
export function PasswordField({ id, value, onInput, onBlur, autocomplete, testid, invalid, describedBy, disabled, autofocus }: Props) {
  const [visible, setVisible] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // the autofocus attribute only works once per page load; a screen that appears later focuses by hand
  useEffect(() => {
    if (autofocus) input.current?.focus();
  }, []);
  const inputProps = {
    ref: input,
    id,
    class: 'input',
    value,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
    onBlur,
    autocomplete,
    autocapitalize: 'off' as const,
    spellcheck: false,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    'data-testid': testid,
    disabled,
  };
  return (
    <div class="password-field">
      {/* one input either way (same element, the type changes), so the caret and focus stay put */}
      {visible ? <input type="text" {...inputProps} /> : <input type="password" {...inputProps} />}
      <button
        type="button"
        class="icon-button password-toggle"
        aria-label={t(visible ? 'auth.password.hide' : 'auth.password.show')}
        aria-pressed={visible}
        onClick={() => setVisible(!visible)}
        disabled={disabled}
      >
        {visible ? <EyeOffIcon size={18} /> : <EyeIcon size={18} />}
      </button>
    </div>
  );
}
