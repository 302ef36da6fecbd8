package dev.miyu.friends.friendship;

import dev.miyu.friends.ProblemException;

import java.util.Map;

/** The ways a friendship operation can be refused, one type each. */
public abstract sealed class FriendshipException extends ProblemException {

    private FriendshipException(int status, String detail) {
        super(status, detail);
    }

    public static final class UnknownUser extends FriendshipException {
        public UnknownUser(String username) {
            super(404, "there is no user called " + username);
        }
    }

    public static final class SelfRequest extends FriendshipException {
        public SelfRequest() {
            super(400, "you cannot send a friend request to yourself");
        }
    }

    public static final class AlreadyFriends extends FriendshipException {
        public AlreadyFriends(String username) {
            super(409, "you are already friends with " + username);
        }
    }

    public static final class DuplicateRequest extends FriendshipException {
        public DuplicateRequest(String username) {
            super(409, "you have already sent " + username + " a friend request");
        }
    }

    /** Also what a user who is neither sender nor recipient gets, so that request ids reveal nothing to strangers. */
    public static final class RequestNotFound extends FriendshipException {
        public RequestNotFound() {
            super(404, "there is no such friend request");
        }
    }

    public static final class WrongParty extends FriendshipException {
        public WrongParty(String detail) {
            super(403, detail);
        }
    }

    public static final class RequestNotPending extends FriendshipException {
        public RequestNotPending(RelationshipStatus status) {
            super(409, "this friend request was already " + status.requestState());
        }
    }

    public static final class NotFriends extends FriendshipException {
        public NotFriends(String username) {
            super(404, "you are not friends with " + username);
        }
    }

    /** The pair kept changing under a request (other requests racing it); retrying is safe. */
    public static final class ConcurrentChange extends FriendshipException {
        public ConcurrentChange() {
            super(409, "the friendship changed while your request was handled; please try again");
        }
    }

    /** The caller's own AccountRegistered has not reached this service yet (moments after registering). */
    public static final class CallerNotInDirectory extends FriendshipException {
        public CallerNotInDirectory() {
            super(503, "your account is not known to the friend directory yet; please try again in a moment");
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", "1");
        }
    }
}
