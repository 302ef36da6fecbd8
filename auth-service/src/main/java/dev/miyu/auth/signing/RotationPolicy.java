package dev.miyu.auth.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * When a generated key gets its successor, which published key signs, and how long a retired key stays published.
 * The successor is added {@code publishAhead} before its predecessor reaches {@code maxAge}, and signs only once it
 * has been published that long, so that every instance and every verifier's JWKS cache knows it by then.
 */
record RotationPolicy(Duration maxAge, Duration publishAhead, Duration tokenLifetime) {

    // Verifiers accept a token a little past its expiry to allow for clock skew; keep its key published as long.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Comparator<SigningKey> BY_AGE = Comparator.comparing(SigningKey::createdAt);

    boolean successorDue(Instant newestCreatedAt, Instant now) {
        return !now.isBefore(newestCreatedAt.plus(maxAge).minus(publishAhead));
    }

    /** The newest key published for at least {@code publishAhead}; while every key is newer, the oldest. */
    SigningKey signer(List<SigningKey> published, Instant now) {
        Instant publishedBy = now.minus(publishAhead);
        return published.stream()
                .filter(key -> !key.createdAt().isAfter(publishedBy))
                .max(BY_AGE)
                .or(() -> published.stream().min(BY_AGE))
                .orElseThrow(() -> new IllegalStateException("no signing key is loaded"));
    }

    /** A key retired before this instant stopped signing so long ago that no token it signed is still valid. */
    Instant retiredKeysExpireBefore(Instant now) {
        return now.minus(publishAhead).minus(tokenLifetime).minus(CLOCK_SKEW);
    }
}
