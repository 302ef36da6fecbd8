export type Strength = 0 | 1 | 2 | 3 | 4;

const COMMON = ['password', 'passw0rd', '12345678', 'qwerty', 'iloveyou', '11111111', 'abc12345', 'abcdefg'];

/**
 * A rough 0–4 score from length and character classes, for a hint under the password field (the real protection is
 * PBKDF2; this only nudges people away from short, single-class or well-known passwords).
 */
export function passwordStrength(password: string): Strength {
  if (!password) return 0;
  const length = [...password].length;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/u].filter((r) => r.test(password)).length;
  const distinct = new Set(password).size;
  const lengthPoints = length >= 16 ? 3 : length >= 12 ? 2 : length >= 8 ? 1 : 0;
  const points = lengthPoints + classes - 1;
  if (length < 8) return points >= 3 ? 1 : 0;
  const lower = password.toLowerCase();
  if (distinct <= 3 || COMMON.some((c) => lower.includes(c))) return 1;
  if (points <= 1) return 1;
  if (points <= 3) return 2;
  if (points <= 5) return 3;
  return 4;
}
