package dev.miyu.auth.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Base64;

/** {@code POST /api/auth/register}. */
public record RegisterRequest(
        @NotNull @Username String username,
        @NotBlank @Email @Size(max = 254) String email,
        @NotNull @AuthSecret String authSecret) {

    byte[] authSecretBytes() {
        return Base64.getDecoder().decode(authSecret);
    }
}
