/**
 * Protocol constants and the two error classes of the crypto module. Kept apart from index.ts so that the
 * implementation modules can import them without an import cycle; index.ts re-exports everything here.
 */

export const PROTOCOL_VERSION = 1;
export const PBKDF2_ITERATIONS = 600_000;
/** A session is replaced after this many messages sent under it, after this age, or when either key changes. */
export const SESSION_MAX_MESSAGES = 200;
export const SESSION_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Thrown when the password (hence kek) cannot open the key backup: AES-GCM authentication failed. */
export class WrongPasswordError extends Error {
  override name = 'WrongPasswordError';
}

/** Thrown for any envelope the receiver must not accept; `reason` is one of the listed codes. */
export class RejectedEnvelopeError extends Error {
  override name = 'RejectedEnvelopeError';
  constructor(
    readonly reason:
      | 'malformed'
      | 'bad-signature'
      | 'wrong-recipient'
      | 'reflection'
      | 'wrong-sender'
      | 'key-mismatch'
      | 'replay'
      | 'stale-counter'
      | 'decrypt-failed',
    message?: string,
  ) {
    super(message ?? reason);
  }
}

/** The reason codes of RejectedEnvelopeError. */
export type RejectReason = RejectedEnvelopeError['reason'];
