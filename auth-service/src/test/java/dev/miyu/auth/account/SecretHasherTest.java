package dev.miyu.auth.account;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretHasherTest {

    // A low cost keeps the unit test fast; StoredVerifierTest covers the configured one.
    private final SecretHasher hasher = new SecretHasher(new SecretHasher.Cost(1024, 1, 1));
    private final byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aVerifierIsAPhcStringWithItsCost() {
        String verifier = hasher.hash(secret);

        assertTrue(verifier.matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), verifier);
    }

    @Test
    void aVerifierAcceptsItsSecretAndNoOther() {
        String verifier = hasher.hash(secret);
        byte[] other = Arrays.copyOf(secret, secret.length);
        other[0] ^= 1;

        assertTrue(hasher.verify(secret, verifier));
        assertFalse(hasher.verify(other, verifier));
    }

    @Test
    void everyVerifierHasItsOwnSalt() {
        assertNotEquals(hasher.hash(secret), hasher.hash(secret));
    }

    @Test
    void aVerifierMadeAtAnotherCostNeedsAnUpgradeAndStillVerifies() {
        String weaker = new SecretHasher(new SecretHasher.Cost(512, 1, 1)).hash(secret);

        assertTrue(hasher.needsUpgrade(weaker));
        assertTrue(hasher.verify(secret, weaker));
        assertFalse(hasher.needsUpgrade(hasher.hash(secret)));
    }

    @Test
    void somethingThatIsNotAnArgon2idVerifierVerifiesNothing() {
        assertFalse(hasher.verify(secret, "$2a$10$abcdefghijklmnopqrstuv"));
        assertFalse(hasher.verify(secret, ""));
        String argon2i = "$argon2i$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
        assertTrue(hasher.needsUpgrade(argon2i));
        assertFalse(hasher.verify(secret, argon2i));
    }
}
