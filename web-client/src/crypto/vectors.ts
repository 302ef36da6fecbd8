/**
 * Test vectors of docs/crypto.md §12, shared by the tests so that the document cannot drift from the code. Every value
 * here was also recomputed independently (Python hashlib/hmac and pyca/cryptography) when it was fixed.
 */

export const KDF_VECTOR = {
  username: 'alice',
  password: 'correct horse battery staple',
  iterations: 600_000,
  /** SHA-256('miyu/v1/alice') */
  salt: 'bd2c87e23642d0e97cdd3e0abfb846c9c31b3c419e1c7bee4d4f9f0e1fddb387',
  /** PBKDF2 output (intermediate; never leaves deriveKeys) */
  k: 'e96ba5c2812c1adb3ace8030d532561210aa7795090c7919614ac604cb2725df',
  authSecret: 'c6dc590d8a648252609b35127137be63600a0a4f1f3f080b51eec83b7027320b',
  /** raw bytes of kek (intermediate; the CryptoKey itself is non-extractable) */
  kekBytes: 'b9cdf9964d8716c9dd876859feb03feaa16741859095a7963721d71142ae942d',
  /** AES-256-GCM(kek, iv = 12 zero bytes, plaintext = 16 zero bytes, no AD): ciphertext ‖ tag */
  kekCheck: '832dba0d6caff1fe9c07a9c2788749e69c43ebe4929f8c9ae2c55c926114d544',
};

/** Two real bundles (keys generated once with createIdentity); both verify under importPeer. */
export const ALICE_BUNDLE = {
  encPublicKey: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2rxQfnoQBpwEDJWHkZsqE4D7MjGqyEL4tGNqhONoIlGsUo8g9lNHjnNG1U5SEBOUCWLGql6FEFdqXVQq01cgC6+ZbyNBszgsQlJRhe4SuOB+kRrKty1Fp9KTsJ2qCom33n0mD/GIxi/iOGoby2EavLB5gpswXRYhb0nUYhGzGGFnSAztWIeVEIJq4bTyvyJQVBq5uvfdBO22UjwR2ccjBe4m/8+uPLTZbKptggPsgxuWhauYptrhs+QPmebr1syx9w4h6Nsfofkm6pyNyo8wY8TIB0co0lcnAgDTJ1Ny0oKoUH4BF92Ea0WEmRFMvR9fu4PYPJO5VL38pfCAedUM/QIDAQAB',
  signPublicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEIaOHLL7ncGaJ6rYyTNVxMfMj9SANarfom4d5YrKvPH6LM4f1FaEJdfdUiTPnBje2qiRkOqh7AUnm5XgIR0w64w==',
  bundleSignature: '43s/UmOkYyNBqCBtTR42aTkIkIjHHT+PG5XhQpswyea60vYltUQF9U/786vBMgz8WU3jcsbNo77vj/4xP2cPog==',
};
export const ALICE_FINGERPRINT = '6341fc5c41886a0848e069a335429a1aad3550766acdee2463ec5a1bb2c89ce2';

export const BOB_BUNDLE = {
  encPublicKey: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2hP9jkIIS9WvpPbq/GVHXtXBDMgJhUqWjoGCtR7XLFsVDLooktCn8P5ZoqOJWUgrzVHJp2JzPxoaaoazq4xP/m4JR9jLfSzSnz4oVi0525eEug6x9dauhaBWXk9i/Zn9zNsPCFAT3ifu/pEW6zsi1hbdl+lJcnNS4KdK02/GZ6YLBkaeNOP57Kzhdw8p1YnQQVQCZNIe/rtArTlthyGxHgYEMmHYmjcRPR9a73VU70ie5v7144lmIS30ug83UppX0Pfolb3N64AMBGaJ2rwq/1PZBfA48/+hMTMOELcnVe4+eoI/HBTRACw6xqSfMHaHEZ3wRdmhCbUk+XA91U4TywIDAQAB',
  signPublicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2uFZMtZv5hvOWw5ds2VKkTljnYcCVfBzfDagoDPjsSqBwzk1EJbnrYlluUFKPvo0Z+Gv/gNDgDdiebAgv1FYAA==',
  bundleSignature: 'gpvOAnhZiWhdqmo8uQtoHZW4p1lyvbwnBbMbFA75+AT6Q2aXHRPgvn374MeZIioDe49XtcSSwYHzr2VfO/pJ3Q==',
};
export const BOB_FINGERPRINT = 'bda416b912a60b1ed1aafbaee825548da90c444540e2ccbc21d558a259160454';

/** safetyNumber(alice, bob) for the two fingerprints above (30 digits each: alice 19705…, bob 85159…). */
export const SAFETY_VECTOR = {
  alice: { username: 'alice', fingerprint: ALICE_FINGERPRINT },
  bob: { username: 'bob', fingerprint: BOB_FINGERPRINT },
  aliceDigits: '197056709694040950251024092215',
  bobDigits: '851596215577834674255054364572',
  number: '19705 67096 94040 95025 10240 92215 85159 62155 77834 67425 50543 64572',
  qr: 'miyu:safety:v1:197056709694040950251024092215851596215577834674255054364572',
};
