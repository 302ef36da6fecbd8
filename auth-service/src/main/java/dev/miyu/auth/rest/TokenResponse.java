package dev.miyu.auth.rest;

import dev.miyu.auth.token.IssuedTokens;

import java.util.UUID;

/** The answer to a login or a refresh; {@code expiresIn} is the access token's lifetime in seconds. */
public record TokenResponse(String accessToken, String refreshToken, long expiresIn, UUID userId) {

    static TokenResponse of(IssuedTokens tokens) {
        return new TokenResponse(tokens.accessToken(), tokens.refreshToken(),
                tokens.accessTokenLifetime().toSeconds(), tokens.userId());
    }
}
