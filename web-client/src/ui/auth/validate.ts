import type { MessageKey } from '../../i18n';

export type Field = 'username' | 'email' | 'password' | 'confirm';
export type FieldErrors = Partial<Record<Field, MessageKey>>;

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function usernameError(username: string): MessageKey | undefined {
  if (!username) return 'err.username.required';
  if (username.length < 3 || username.length > 32) return 'err.username.length';
  if (!USERNAME_PATTERN.test(username)) return 'err.username.chars';
  return undefined;
}

export interface RegisterForm {
  username: string;
  email: string;
  password: string;
  confirm: string;
}

export function validateRegister(form: RegisterForm): FieldErrors {
  const errors: FieldErrors = {};
  const username = usernameError(form.username.trim());
  if (username) errors.username = username;
  const email = form.email.trim();
  if (!email) errors.email = 'err.email.required';
  else if (!EMAIL_PATTERN.test(email)) errors.email = 'err.email.invalid';
  if (!form.password) errors.password = 'err.password.required';
  else if (form.password.length < 8) errors.password = 'err.password.short';
  if (form.confirm !== form.password) errors.confirm = 'err.confirm.mismatch';
  return errors;
}

export function validateLogin(form: Pick<RegisterForm, 'username' | 'password'>): FieldErrors {
  const errors: FieldErrors = {};
  if (!form.username.trim()) errors.username = 'err.username.required';
  if (!form.password) errors.password = 'err.password.required';
  return errors;
}
