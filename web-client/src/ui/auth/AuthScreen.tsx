import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ActionError } from '../../app/model';
import { t, type MessageKey } from '../../i18n';
import { useApp } from '../context';
import { describeError, describeFieldError, errorField } from '../errors';
import { CheckIcon, Logo } from '../common/icons';
import { LangSwitch } from '../common/LangSwitch';
import { Spinner } from '../common/presence';
import { PasswordField } from './PasswordField';
import { passwordStrength } from './strength';
import { validateLogin, validateRegister, type Field } from './validate';

type Mode = 'login' | 'register';
const FIELDS: Field[] = ['username', 'email', 'password', 'confirm'];
const REGISTER_STEPS = ['derive', 'keys', 'bundle', 'backup', 'publish'] as const;
const STEP_TEXT: Record<string, MessageKey> = {
  derive: 'progress.derive',
  keys: 'progress.keys',
  bundle: 'progress.bundle',
  backup: 'progress.backup',
  publish: 'progress.publish',
};

/** The server's answer to the last submit, shown at its field when it names one. */
interface ServerError {
  field?: Field;
  text: string;
}

export function AuthScreen() {
  const app = useApp();
  const [mode, setMode] = useState<Mode>('login');
  const [form, setForm] = useState({ username: '', email: '', password: '', confirm: '' });
  const [touched, setTouched] = useState<ReadonlySet<Field>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<ServerError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (matchMedia('(pointer: fine)').matches) formRef.current?.querySelector<HTMLElement>('#auth-username')?.focus();
  }, []);
  const progress = app.progress.value;
  const working = busy || progress !== null;
  const registering = mode === 'register';
  const fields = registering ? FIELDS : (['username', 'password'] as Field[]);

  const clientErrors = registering ? validateRegister(form) : validateLogin(form);
  // while registering, say what is wrong as soon as a field is left; a login form only complains on submit
  const errorOf = (field: Field): string | undefined => {
    const key = clientErrors[field];
    if (key && (submitted || (registering && touched.has(field)))) return t(key);
    return server?.field === field ? server.text : undefined;
  };
  const errors = fields.map((field) => [field, errorOf(field)] as const);
  const formError = server && !server.field ? server.text : undefined;
  const firstError = errors.find(([, e]) => e)?.[0] ?? (formError ? 'form' : undefined);

  const set = (field: Field) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setServer(null);
  };
  const touch = (field: Field) => () => setTouched((s) => new Set(s).add(field));

  const switchMode = () => {
    setMode(registering ? 'login' : 'register');
    setSubmitted(false);
    setTouched(new Set());
    setServer(null);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (working) return;
    setSubmitted(true);
    const invalid = fields.find((f) => clientErrors[f]);
    if (invalid) {
      formRef.current?.querySelector<HTMLElement>(`#auth-${invalid}`)?.focus();
      return;
    }
    setBusy(true);
    setServer(null);
    try {
      if (registering) await app.register(form.username.trim(), form.email.trim(), form.password);
      else await app.login(form.username.trim(), form.password);
    } catch (error) {
      const field = errorField(error) as Field | undefined;
      if (error instanceof ActionError && field && fields.includes(field)) {
        setServer({ field, text: describeFieldError(error) });
      } else {
        setServer({ text: describeError(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  const errorText = (id: string, text: string | undefined, isFirst: boolean) =>
    text && (
      <p id={id} class="field-error" role="alert" data-testid={isFirst ? 'auth-error' : undefined}>
        {text}
      </p>
    );

  const field = (name: Field, label: string, control: ComponentChildren, hint?: string) => {
    const error = errors.find(([f]) => f === name)?.[1];
    return (
      <div class={`field${error ? ' field-invalid' : ''}`}>
        <label class="field-label" for={`auth-${name}`}>
          {label}
        </label>
        {control}
        {error ? errorText(`auth-${name}-msg`, error, firstError === name) : hint && <p id={`auth-${name}-msg`} class="field-hint">{hint}</p>}
      </div>
    );
  };
  const described = (name: Field) => (errorOf(name) || (name === 'username' && registering) ? `auth-${name}-msg` : undefined);

  const strength = passwordStrength(form.password);

  return (
    <div class="auth-page">
      <div class="auth-top">
        <LangSwitch />
      </div>
      <main class="auth-main">
        <div class="brand">
          <Logo size={56} />
          <h1 class="brand-name">{t('app.name')}</h1>
          <p class="brand-tagline">{t('app.tagline')}</p>
        </div>
        <form ref={formRef} class="card auth-card" onSubmit={submit} noValidate aria-busy={working}>
          <h2 class="auth-title">{t(registering ? 'auth.register.title' : 'auth.login.title')}</h2>
          <p class="auth-subtitle">{t(registering ? 'auth.register.subtitle' : 'auth.login.subtitle')}</p>

          {progress !== null ? (
            <Progress step={progress} checklist={registering} />
          ) : (
            <>
              {field(
                'username',
                t('auth.username'),
                <input
                  id="auth-username"
                  class="input"
                  value={form.username}
                  onInput={(e) => set('username')(e.currentTarget.value)}
                  onBlur={touch('username')}
                  autocomplete="username"
                  autocapitalize="off"
                  spellcheck={false}
                  maxLength={64}
                  aria-invalid={errorOf('username') ? 'true' : undefined}
                  aria-describedby={described('username')}
                  disabled={working}
                  data-testid="auth-username"
                />,
                registering ? t('auth.username.hint') : undefined,
              )}
              {registering &&
                field(
                  'email',
                  t('auth.email'),
                  <input
                    id="auth-email"
                    class="input"
                    type="email"
                    value={form.email}
                    onInput={(e) => set('email')(e.currentTarget.value)}
                    onBlur={touch('email')}
                    autocomplete="email"
                    spellcheck={false}
                    aria-invalid={errorOf('email') ? 'true' : undefined}
                    aria-describedby={described('email')}
                    disabled={working}
                    data-testid="auth-email"
                  />,
                )}
              {field(
                'password',
                t('auth.password'),
                <PasswordField
                  id="auth-password"
                  value={form.password}
                  onInput={set('password')}
                  onBlur={touch('password')}
                  autocomplete={registering ? 'new-password' : 'current-password'}
                  testid="auth-password"
                  invalid={!!errorOf('password')}
                  describedBy={described('password')}
                  disabled={working}
                />,
              )}
              {registering && form.password && <StrengthMeter score={strength} />}
              {registering &&
                field(
                  'confirm',
                  t('auth.confirm'),
                  <PasswordField
                    id="auth-confirm"
                    value={form.confirm}
                    onInput={set('confirm')}
                    onBlur={touch('confirm')}
                    autocomplete="new-password"
                    testid="auth-confirm"
                    invalid={!!errorOf('confirm')}
                    describedBy={described('confirm')}
                    disabled={working}
                  />,
                )}
            </>
          )}

          {formError && (
            <p class="form-error" role="alert" data-testid={firstError === 'form' ? 'auth-error' : undefined}>
              {formError}
            </p>
          )}

          <button type="submit" class="button button-primary button-block" disabled={working} data-testid="auth-submit">
            {working && <Spinner />}
            <span>{t(registering ? 'auth.submit.register' : 'auth.submit.login')}</span>
          </button>

          <p class="auth-note">{t(registering ? 'auth.note.register' : 'auth.note.login')}</p>
        </form>
        <p class="auth-switch">
          <span>{t(registering ? 'auth.toLogin.question' : 'auth.toRegister.question')}</span>
          <button type="button" class="link-button" onClick={switchMode} disabled={working} data-testid="auth-switch">
            {t(registering ? 'auth.toLogin.action' : 'auth.toRegister.action')}
          </button>
        </p>
      </main>
    </div>
  );
}

function StrengthMeter({ score }: { score: 0 | 1 | 2 | 3 | 4 }) {
  const level = t(`strength.${score}`);
  return (
    <div class={`strength strength-${score}`}>
      <div class="strength-bars" role="meter" aria-valuemin={0} aria-valuemax={4} aria-valuenow={score} aria-label={t('strength.label', { level })}>
        {[1, 2, 3, 4].map((i) => (
          <span key={i} class={`strength-bar${i <= score ? ' is-on' : ''}`} />
        ))}
      </div>
      <p class="strength-text">
        {t('strength.label', { level })}
        {score < 3 && <span class="strength-tip"> · {t('strength.tip')}</span>}
      </p>
    </div>
  );
}

/** What the slow part of registration or login is doing right now; as a checklist while registering. */
function Progress({ step, checklist }: { step: string; checklist: boolean }) {
  const current = REGISTER_STEPS.indexOf(step as (typeof REGISTER_STEPS)[number]);
  const text = STEP_TEXT[step] ? t(STEP_TEXT[step]) : t('progress.working');
  return (
    <div class="progress" data-testid="auth-progress" role="status" aria-live="polite">
      {checklist && current >= 0 ? (
        <ol class="progress-steps">
          {REGISTER_STEPS.map((s, i) => (
            <li key={s} class={i < current ? 'is-done' : i === current ? 'is-current' : 'is-pending'} aria-current={i === current ? 'step' : undefined}>
              <span class="progress-mark">{i < current ? <CheckIcon size={14} /> : i === current ? <Spinner /> : null}</span>
              <span>{t(STEP_TEXT[s])}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="progress-line">
          <Spinner />
          <span>{text}</span>
        </p>
      )}
      <p class="progress-note">{t('progress.note')}</p>
    </div>
  );
}
