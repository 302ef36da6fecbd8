package dev.miyu.relay.queue;

/** The recipient is not a friend of the sender, or no such user exists (deliberately not told apart). */
public class NotFriendsException extends RuntimeException {

    public NotFriendsException() {
        super("you can only send to your friends");
    }
}
