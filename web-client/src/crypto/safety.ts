/**
 * Safety numbers (docs/crypto.md §9): Signal's NumericFingerprintGenerator (version 0, 5200 iterations) applied to the
 * 32 bytes of each user's key-bundle fingerprint, with the UTF-8 username as the stable identifier.
 */
import { concat, enc, fromHex } from './encoding';

export const SAFETY_ITERATIONS = 5200;
const VERSION = new Uint8Array([0, 0]);

type Party = { username: string; fingerprint: string };

/** The 30 digits of one party. */
export async function safetyDigits(party: Party): Promise<string> {
  if (typeof party.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(party.fingerprint)) {
    throw new Error('fingerprint must be 64 lower-case hex digits');
  }
  const key = fromHex(party.fingerprint);
  // As libsignal: hash = version ‖ key ‖ id; then 5200 times hash = SHA-512(hash ‖ key).
  let hash: Uint8Array<ArrayBuffer> = concat(VERSION, key, enc(party.username));
  for (let i = 0; i < SAFETY_ITERATIONS; i++) {
    hash = new Uint8Array(await crypto.subtle.digest('SHA-512', concat(hash, key)));
  }
  let digits = '';
  for (let chunk = 0; chunk < 6; chunk++) {
    let v = 0;
    // 5 bytes big-endian = at most 2^40, exact in a double.
    for (let j = 0; j < 5; j++) v = v * 256 + hash[chunk * 5 + j];
    digits += String(v % 100000).padStart(5, '0');
  }
  return digits;
}

async function sixtyDigits(a: Party, b: Party): Promise<string> {
  const [da, db] = await Promise.all([safetyDigits(a), safetyDigits(b)]);
  return da <= db ? da + db : db + da;
}

/** 60 digits (12 groups of 5 joined by spaces), the same for both users of the pair. */
export async function safetyNumber(a: Party, b: Party): Promise<string> {
  return (await sixtyDigits(a, b)).match(/\d{5}/g)!.join(' ');
}

/** The text encoded in the safety-number QR code: "miyu:safety:v1:" + the 60 digits. */
export async function safetyQrText(a: Party, b: Party): Promise<string> {
  return 'miyu:safety:v1:' + (await sixtyDigits(a, b));
}
