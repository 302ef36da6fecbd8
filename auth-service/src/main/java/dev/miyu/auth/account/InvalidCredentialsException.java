package dev.miyu.auth.account;

/** Login failed. Deliberately the same for an unknown username and a wrong secret, so neither can be told apart. */
public class InvalidCredentialsException extends RuntimeException {

    public InvalidCredentialsException() {
        super("unknown username or wrong auth secret", null, false, false);
    }
}
