package dev.miyu.auth.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code POST /api/auth/refresh} and {@code /logout}: a refresh token as issued (32 bytes, unpadded base64url). */
public record RefreshRequest(
        @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{43}", message = "must be a refresh token as issued") String refreshToken) {
}
