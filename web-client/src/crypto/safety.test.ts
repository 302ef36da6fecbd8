import { describe, expect, test } from 'vitest';
import { safetyNumber, safetyQrText } from './index';
import { safetyDigits } from './safety';
import { SAFETY_VECTOR } from './vectors';

const { alice, bob } = SAFETY_VECTOR;

describe('safety numbers', () => {
  test('match the documented vector (30 digits per party, sorted, 12 groups of 5)', async () => {
    expect(await safetyDigits(alice)).toBe(SAFETY_VECTOR.aliceDigits);
    expect(await safetyDigits(bob)).toBe(SAFETY_VECTOR.bobDigits);
    expect(await safetyNumber(alice, bob)).toBe(SAFETY_VECTOR.number);
    expect(SAFETY_VECTOR.number).toMatch(/^\d{5}( \d{5}){11}$/);
  });

  test('are the same whichever user computes them', async () => {
    expect(await safetyNumber(bob, alice)).toBe(await safetyNumber(alice, bob));
    expect(await safetyQrText(bob, alice)).toBe(await safetyQrText(alice, bob));
  });

  test('the QR text is the prefix and the 60 digits without spaces', async () => {
    expect(await safetyQrText(alice, bob)).toBe(SAFETY_VECTOR.qr);
    expect(SAFETY_VECTOR.qr).toBe('miyu:safety:v1:' + SAFETY_VECTOR.number.replace(/ /g, ''));
  });

  test('change when either fingerprint or username changes', async () => {
    const base = await safetyNumber(alice, bob);
    const otherFp = bob.fingerprint.slice(0, 63) + (bob.fingerprint.endsWith('0') ? '1' : '0');
    expect(await safetyNumber(alice, { ...bob, fingerprint: otherFp })).not.toBe(base);
    expect(await safetyNumber(alice, { ...bob, username: 'bobby' })).not.toBe(base);
    expect(await safetyNumber({ ...alice, username: 'ALICE' }, bob)).not.toBe(base);
  });

  test('reject a fingerprint that is not 64 lower-case hex digits', async () => {
    await expect(safetyNumber({ username: 'a', fingerprint: 'abc' }, bob)).rejects.toThrow();
    await expect(safetyNumber({ username: 'a', fingerprint: alice.fingerprint.toUpperCase() }, bob)).rejects.toThrow();
  });
});
