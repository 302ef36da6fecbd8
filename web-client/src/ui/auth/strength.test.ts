import { describe, expect, it } from 'vitest';
import { passwordStrength } from './strength';

describe('passwordStrength', () => {
  it('gives nothing for an empty or short password', () => {
    expect(passwordStrength('')).toBe(0);
    expect(passwordStrength('abc')).toBe(0);
    expect(passwordStrength('Ab1!xyz')).toBe(1);
  });

  it('rates a long password mixing all classes as very strong', () => {
    expect(passwordStrength('Lantern-river-7-mountain')).toBe(4);
  });

  it('grows with length and character classes', () => {
    expect(passwordStrength('lanternriver')).toBeLessThan(passwordStrength('Lantern-river'));
    expect(passwordStrength('tramtrack')).toBeLessThan(passwordStrength('tramtrack9'));
    expect(passwordStrength('Tramtrack9!')).toBe(3);
  });

  it('caps well-known and repetitive passwords as weak', () => {
    expect(passwordStrength('Password123!')).toBe(1);
    expect(passwordStrength('aaaaaaaaaaaaaaaa')).toBe(1);
    expect(passwordStrength('12345678')).toBe(1);
  });

  it('counts CJK characters as a class of their own', () => {
    expect(passwordStrength('密语聊天2025')).toBeGreaterThan(passwordStrength('84039172'));
  });
});
