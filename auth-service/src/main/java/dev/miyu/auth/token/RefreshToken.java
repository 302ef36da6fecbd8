package dev.miyu.auth.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A refresh token, known only by its SHA-256 hash, in the family of tokens that one login started. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken {

    @Id
    @Column(name = "token_hash")
    private String tokenHash;

    @Column(name = "family_id")
    private UUID familyId;

    @Column(name = "account_id")
    private UUID accountId;

    @Column(name = "issued_at")
    private Instant issuedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "spent_at")
    private Instant spentAt;

    protected RefreshToken() {
    }

    RefreshToken(String tokenHash, UUID familyId, UUID accountId, Instant issuedAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.familyId = familyId;
        this.accountId = accountId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    UUID familyId() {
        return familyId;
    }

    UUID accountId() {
        return accountId;
    }

    boolean isSpent() {
        return spentAt != null;
    }

    boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    void spend(Instant now) {
        spentAt = now;
    }
}
