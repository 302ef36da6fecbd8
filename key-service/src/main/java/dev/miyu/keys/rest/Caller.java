package dev.miyu.keys.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** The authenticated user of a request, as auth-service's token names them. */
record Caller(UUID userId, String username) {

    static Caller of(JsonWebToken token) {
        return new Caller(UUID.fromString(token.getSubject()), token.getName());
    }
}
