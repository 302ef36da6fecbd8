package dev.miyu.relay.rest;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** The caller, as the verified access token names them: {@code sub} is the user id, {@code upn} the username. */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    public UUID id() {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnauthorizedException("token subject is not a user id");
        }
    }

    public String username() {
        String name = token.getName();
        if (name == null || name.isBlank()) {
            throw new UnauthorizedException("token names no user");
        }
        return name;
    }
}
