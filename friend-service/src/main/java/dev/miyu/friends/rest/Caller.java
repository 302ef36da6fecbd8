package dev.miyu.friends.rest;

import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** The user a request acts for: the subject of the verified access token, which auth-service sets to the user id. */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    public boolean isAuthenticated() {
        return token.getSubject() != null;
    }

    public UUID id() {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotAUserToken();
        }
    }

    /** A token signed by the right key but not naming a user (not one auth-service issues to people). */
    public static final class NotAUserToken extends RuntimeException {
        NotAUserToken() {
            super("the access token does not name a user", null, false, false);
        }
    }
}
