package dev.miyu.auth.token;

import java.time.Duration;
import java.util.UUID;

/** What a login or a refresh hands to the client. */
public record IssuedTokens(String accessToken, String refreshToken, Duration accessTokenLifetime, UUID userId, String username) {
}
