package dev.miyu.auth.rest;

import jakarta.validation.constraints.NotNull;

import java.util.Base64;

/** {@code POST /api/auth/login}. */
public record LoginRequest(
        @NotNull @Username String username,
        @NotNull @AuthSecret String authSecret) {

    byte[] authSecretBytes() {
        return Base64.getDecoder().decode(authSecret);
    }
}
