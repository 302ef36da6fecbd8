import { describe, expect, it } from 'vitest';
import { usernameError, validateLogin, validateRegister } from './validate';

const valid = { username: 'lin.xiao_yu-1', email: 'lin@example.org', password: 'long enough', confirm: 'long enough' };

describe('validateRegister', () => {
  it('accepts a well-formed registration', () => {
    expect(validateRegister(valid)).toEqual({});
  });

  it('names every field that is wrong', () => {
    expect(validateRegister({ username: 'ab', email: 'x@y', password: 'short', confirm: 'other' })).toEqual({
      username: 'err.username.length',
      email: 'err.email.invalid',
      password: 'err.password.short',
      confirm: 'err.confirm.mismatch',
    });
  });

  it('asks for missing values', () => {
    expect(validateRegister({ username: '', email: ' ', password: '', confirm: '' })).toEqual({
      username: 'err.username.required',
      email: 'err.email.required',
      password: 'err.password.required',
    });
  });
});

describe('usernameError', () => {
  it('allows 3 to 32 letters, digits, _ . -', () => {
    expect(usernameError('abc')).toBeUndefined();
    expect(usernameError('a'.repeat(32))).toBeUndefined();
    expect(usernameError('a'.repeat(33))).toBe('err.username.length');
    expect(usernameError('ab')).toBe('err.username.length');
    expect(usernameError('李小雨')).toBe('err.username.chars');
    expect(usernameError('has space')).toBe('err.username.chars');
  });
});

describe('validateLogin', () => {
  it('only needs both fields', () => {
    expect(validateLogin({ username: 'x', password: 'y' })).toEqual({});
    expect(validateLogin({ username: ' ', password: '' })).toEqual({ username: 'err.username.required', password: 'err.password.required' });
  });
});
