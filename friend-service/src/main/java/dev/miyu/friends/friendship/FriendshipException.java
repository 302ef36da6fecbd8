package dev.miyu.friends.friendship;

/**
 * The ways a friendship operation can be refused, one type each, with a sentence naming the problem. The HTTP status
 * of each is rest.ProblemMapper's business; {@link #reason()} is what the audit log records.
 */
public abstract sealed class FriendshipException extends RuntimeException {

    private final String reason;

    private FriendshipException(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** A short stable name of the refusal, e.g. {@code already-friends}. */
    public String reason() {
        return reason;
    }

    public static final class UnknownUser extends FriendshipException {
        public UnknownUser(String username) {
            super("unknown-user", "there is no user called " + username);
        }
    }

    public static final class SelfRequest extends FriendshipException {
        public SelfRequest() {
            super("self-request", "you cannot send a friend request to yourself");
        }
    }

    public static final class AlreadyFriends extends FriendshipException {
        public AlreadyFriends(String username) {
            super("already-friends", "you are already friends with " + username);
        }
    }

    public static final class DuplicateRequest extends FriendshipException {
        public DuplicateRequest(String username) {
            super("duplicate-request", "you have already sent " + username + " a friend request");
        }
    }

    /** Also what a user who is neither sender nor recipient gets, so that request ids reveal nothing to strangers. */
    public static final class RequestNotFound extends FriendshipException {
        public RequestNotFound() {
            super("request-not-found", "there is no such friend request");
        }
    }

    public static final class WrongParty extends FriendshipException {
        public WrongParty(String detail) {
            super("wrong-party", detail);
        }
    }

    public static final class RequestNotPending extends FriendshipException {
        public RequestNotPending(RelationshipStatus status) {
            super("request-not-pending", "this friend request was already " + status.requestState());
        }
    }

    public static final class NotFriends extends FriendshipException {
        public NotFriends(String username) {
            super("not-friends", "you are not friends with " + username);
        }
    }

    /** The pair kept changing under a request (other requests racing it); retrying is safe. */
    public static final class ConcurrentChange extends FriendshipException {
        public ConcurrentChange() {
            super("concurrent-change", "the friendship changed while your request was handled; please try again");
        }
    }

    /** The caller's own AccountRegistered has not reached this service yet (moments after registering). */
    public static final class CallerNotInDirectory extends FriendshipException {
        public CallerNotInDirectory() {
            super("caller-not-in-directory", "your account is not known to the friend directory yet; please try again in a moment");
        }
    }
}
