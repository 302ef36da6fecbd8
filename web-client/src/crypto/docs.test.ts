import { describe, expect, test } from 'vitest';
import doc from '../../../docs/crypto.md?raw';
import { PBKDF2_ITERATIONS, SESSION_MAX_AGE_MS, SESSION_MAX_MESSAGES } from './index';
import { SEEN_LIMIT } from './receiver';
import { ALICE_BUNDLE, ALICE_FINGERPRINT, BOB_FINGERPRINT, KDF_VECTOR, SAFETY_VECTOR } from './vectors';

describe('docs/crypto.md', () => {
  test('contains every test vector the tests check', () => {
    const values = [
      KDF_VECTOR.salt,
      KDF_VECTOR.k,
      KDF_VECTOR.authSecret,
      KDF_VECTOR.kekBytes,
      KDF_VECTOR.kekCheck,
      ALICE_BUNDLE.encPublicKey,
      ALICE_BUNDLE.signPublicKey,
      ALICE_BUNDLE.bundleSignature,
      ALICE_FINGERPRINT,
      BOB_FINGERPRINT,
      SAFETY_VECTOR.aliceDigits,
      SAFETY_VECTOR.bobDigits,
      SAFETY_VECTOR.number,
      SAFETY_VECTOR.qr,
    ];
    for (const v of values) expect(doc, v).toContain(v);
    expect(doc).toContain(`deriveKeys("${KDF_VECTOR.username}", "${KDF_VECTOR.password}", ${KDF_VECTOR.iterations})`);
  });

  test('states the constants the code uses', () => {
    expect(PBKDF2_ITERATIONS).toBe(600000);
    expect(doc).toContain('iterations = 600000');
    expect(SESSION_MAX_MESSAGES).toBe(200);
    expect(doc).toContain('(200 messages sent)');
    expect(SESSION_MAX_AGE_MS).toBe(24 * 3600 * 1000);
    expect(doc).toContain('(24 h)');
    expect(SEEN_LIMIT).toBe(5000);
    expect(doc).toContain('bounded to the last 5000');
  });
});
