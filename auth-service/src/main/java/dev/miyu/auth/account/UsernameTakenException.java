package dev.miyu.auth.account;

/** Registration asked for a username that an account already has (usernames are case-insensitive). */
public class UsernameTakenException extends RuntimeException {

    public UsernameTakenException() {
        super("username is taken", null, false, false);
    }
}
