package dev.miyu.auth.token;

import java.util.UUID;

/**
 * A refresh token was presented again after it had been rotated: either its holder or a thief has the newer one, so
 * the whole family is revoked. Clients see it as any other invalid refresh token.
 */
public class RefreshTokenReusedException extends InvalidRefreshTokenException {

    private final UUID familyId;
    private final UUID accountId;

    RefreshTokenReusedException(UUID familyId, UUID accountId) {
        this.familyId = familyId;
        this.accountId = accountId;
    }

    UUID familyId() {
        return familyId;
    }

    UUID accountId() {
        return accountId;
    }
}
