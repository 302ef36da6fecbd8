package dev.miyu.auth.signing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotationPolicyTest {

    private static final Instant NOW = Instant.parse("2030-01-31T12:00:00Z");
    private final RotationPolicy policy = new RotationPolicy(Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofMinutes(15));

    @Test
    void theFirstKeySignsAsSoonAsItExists() {
        SigningKey only = key("only", NOW);

        assertEquals(only, policy.signer(List.of(only), NOW));
    }

    @Test
    void aSuccessorIsDuePublishAheadBeforeItsPredecessorReachesMaxAge() {
        Instant created = NOW.minus(Duration.ofDays(30));

        assertFalse(policy.successorDue(created.plusSeconds(601), NOW));
        assertTrue(policy.successorDue(created.plusSeconds(600), NOW));
    }

    @Test
    void aSuccessorSignsOnlyOnceItHasBeenPublishedForPublishAhead() {
        SigningKey old = key("old", NOW.minus(Duration.ofDays(30)));
        SigningKey successor = key("successor", NOW.minus(Duration.ofMinutes(9)));

        assertEquals(old, policy.signer(List.of(old, successor), NOW));
        assertEquals(successor, policy.signer(List.of(old, successor), NOW.plus(Duration.ofMinutes(1))));
    }

    @Test
    void aRetiredKeyStaysPublishedUntilTheLastTokenItCouldHaveSignedHasExpired() {
        // Retired when its successor was added; it signed for publishAhead (10 min) more, tokens live 15 min,
        // verifiers allow a minute of clock skew.
        assertEquals(NOW.minus(Duration.ofMinutes(26)), policy.retiredKeysExpireBefore(NOW));
    }

    private static SigningKey key(String kid, Instant createdAt) {
        return new SigningKey(kid, createdAt, null, null);
    }
}
