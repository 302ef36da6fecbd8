package dev.miyu.auth.token;

import dev.miyu.auth.account.Account;
import dev.miyu.auth.account.AccountRepository;
import dev.miyu.auth.audit.AuditLog;
import dev.miyu.auth.audit.AuditLog.Action;
import dev.miyu.auth.audit.AuditLog.Outcome;
import dev.miyu.auth.config.AuthConfig;
import dev.miyu.auth.signing.SigningKey;
import dev.miyu.auth.signing.SigningKeys;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.Claims;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Issues RS256 access tokens and refresh tokens. A login starts a family of refresh tokens; each refresh spends the
 * presented token and issues its successor; presenting a spent token again revokes the whole family, because then
 * two parties hold tokens of it and the server cannot tell which one is the thief.
 */
@ApplicationScoped
public class TokenService {

    private static final int REFRESH_TOKEN_BYTES = 32;

    private final RefreshTokenRepository refreshTokens;
    private final AccountRepository accounts;
    private final SigningKeys signingKeys;
    private final AuditLog audit;
    private final AuthConfig.Tokens config;
    private final SecureRandom random = new SecureRandom();

    public TokenService(RefreshTokenRepository refreshTokens, AccountRepository accounts, SigningKeys signingKeys,
                        AuditLog audit, AuthConfig config) {
        this.refreshTokens = refreshTokens;
        this.accounts = accounts;
        this.signingKeys = signingKeys;
        this.audit = audit;
        this.config = config.tokens();
    }

    /** Issues the tokens of a successful login, in a new refresh token family. */
    @WithTransaction
    public Uni<IssuedTokens> startSession(Account account) {
        return issue(account.id(), account.username(), UUID.randomUUID(), Instant.now());
    }

    /** Spends the refresh token and issues its successor; fails with {@link InvalidRefreshTokenException}. */
    public Uni<IssuedTokens> refresh(String refreshToken, String clientIp) {
        return rotate(hash(refreshToken), Instant.now())
                .onFailure(RefreshTokenReusedException.class)
                .call(reuse -> revokeFamily(((RefreshTokenReusedException) reuse).familyId()))
                .invoke(tokens ->
                        audit.record(Action.REFRESH, Outcome.SUCCESS, null, tokens.userId(), tokens.username(), clientIp))
                .onFailure(InvalidRefreshTokenException.class).invoke(failure -> {
                    if (failure instanceof RefreshTokenReusedException reuse) {
                        audit.record(Action.REFRESH, Outcome.FAILURE, "reused-family-revoked",
                                reuse.accountId(), null, clientIp);
                    } else {
                        audit.record(Action.REFRESH, Outcome.FAILURE, "invalid-token", null, null, clientIp);
                    }
                });
    }

    /** Revokes the family of the refresh token. Unknown tokens are ignored: logging out twice is not an error. */
    public Uni<Void> logout(String refreshToken, String clientIp) {
        return revokeFamilyOf(hash(refreshToken))
                .invoke(userId -> audit.record(Action.LOGOUT, userId == null ? Outcome.FAILURE : Outcome.SUCCESS,
                        userId == null ? "invalid-token" : null, userId, null, clientIp))
                .replaceWithVoid();
    }

    @WithTransaction
    Uni<IssuedTokens> rotate(String tokenHash, Instant now) {
        return refreshTokens.findForRotation(tokenHash)
                .onItem().ifNull().failWith(InvalidRefreshTokenException::new)
                .chain(token -> {
                    if (token.isSpent()) {
                        return Uni.createFrom().failure(new RefreshTokenReusedException(token.familyId(), token.accountId()));
                    }
                    if (token.isExpired(now)) {
                        return Uni.createFrom().failure(new InvalidRefreshTokenException());
                    }
                    token.spend(now);
                    return accounts.findById(token.accountId())
                            .chain(account -> issue(account.id(), account.username(), token.familyId(), now));
                });
    }

    @WithTransaction
    Uni<Void> revokeFamily(UUID familyId) {
        return refreshTokens.deleteFamily(familyId).replaceWithVoid();
    }

    /** The account whose family was revoked, or null for an unknown token. */
    @WithTransaction
    Uni<UUID> revokeFamilyOf(String tokenHash) {
        return refreshTokens.findById(tokenHash)
                .onItem().ifNotNull().transformToUni(token -> refreshTokens.deleteFamily(token.familyId())
                        .replaceWith(token.accountId()));
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @WithTransaction
    Uni<Void> purgeExpired() {
        return refreshTokens.deleteExpired(Instant.now()).replaceWithVoid();
    }

    private Uni<IssuedTokens> issue(UUID userId, String username, UUID familyId, Instant now) {
        String refreshToken = newRefreshToken();
        RefreshToken stored = new RefreshToken(hash(refreshToken), familyId, userId, now,
                now.plus(config.refreshTokenLifetime()));
        return refreshTokens.persist(stored)
                .map(saved -> new IssuedTokens(accessToken(userId, username, now), refreshToken,
                        config.accessTokenLifetime(), userId, username));
    }

    private String accessToken(UUID userId, String username, Instant now) {
        SigningKey key = signingKeys.current();
        return Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(userId.toString())
                .upn(username)
                .claim(Claims.jti, UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenLifetime()))
                .jws()
                .keyId(key.kid())
                .algorithm(SignatureAlgorithm.RS256)
                .sign(key.privateKey());
    }

    private String newRefreshToken() {
        byte[] bytes = new byte[REFRESH_TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String refreshToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
