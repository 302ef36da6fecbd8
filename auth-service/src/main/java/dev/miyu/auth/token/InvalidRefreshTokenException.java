package dev.miyu.auth.token;

/** The refresh token is unknown, expired, spent or revoked; the client has to log in again. */
public class InvalidRefreshTokenException extends RuntimeException {

    public InvalidRefreshTokenException() {
        super("refresh token is invalid, expired or revoked", null, false, false);
    }
}
