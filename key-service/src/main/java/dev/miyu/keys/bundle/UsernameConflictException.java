package dev.miyu.keys.bundle;

/**
 * The username in the caller's token is bound to another user id in the key directory, or the caller's user id is
 * bound to another username. Either way publishing would let one account's keys appear under another's name.
 */
public class UsernameConflictException extends RuntimeException {

    public UsernameConflictException(String message) {
        super(message);
    }
}
