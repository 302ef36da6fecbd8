package dev.miyu.auth.token;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, String> {

    /** Locks the row, so that two refreshes with the same token run one after the other and the second sees it spent. */
    public Uni<RefreshToken> findForRotation(String tokenHash) {
        return findById(tokenHash, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<Long> deleteFamily(UUID familyId) {
        return delete("familyId", familyId);
    }

    public Uni<Long> deleteExpired(Instant now) {
        return delete("expiresAt <= ?1", now);
    }
}
