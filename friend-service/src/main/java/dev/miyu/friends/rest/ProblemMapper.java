package dev.miyu.friends.rest;

import dev.miyu.friends.friendship.FriendshipException;
import dev.miyu.friends.friendship.FriendshipException.AlreadyFriends;
import dev.miyu.friends.friendship.FriendshipException.CallerNotInDirectory;
import dev.miyu.friends.friendship.FriendshipException.ConcurrentChange;
import dev.miyu.friends.friendship.FriendshipException.DuplicateRequest;
import dev.miyu.friends.friendship.FriendshipException.NotFriends;
import dev.miyu.friends.friendship.FriendshipException.RequestNotFound;
import dev.miyu.friends.friendship.FriendshipException.RequestNotPending;
import dev.miyu.friends.friendship.FriendshipException.SelfRequest;
import dev.miyu.friends.friendship.FriendshipException.UnknownUser;
import dev.miyu.friends.friendship.FriendshipException.WrongParty;
import dev.miyu.http.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** This service's own failures as problem bodies; invalid input and the rest are libs/http's ProblemMappers. */
public class ProblemMapper {

    private static final Map<Class<? extends FriendshipException>, Status> STATUS = Map.of(
            UnknownUser.class, Status.NOT_FOUND,
            RequestNotFound.class, Status.NOT_FOUND,
            NotFriends.class, Status.NOT_FOUND,
            SelfRequest.class, Status.BAD_REQUEST,
            WrongParty.class, Status.FORBIDDEN,
            AlreadyFriends.class, Status.CONFLICT,
            DuplicateRequest.class, Status.CONFLICT,
            RequestNotPending.class, Status.CONFLICT,
            ConcurrentChange.class, Status.CONFLICT,
            CallerNotInDirectory.class, Status.SERVICE_UNAVAILABLE);

    @ServerExceptionMapper
    public RestResponse<Problem> refused(FriendshipException e) {
        Problem problem = Problem.of(statusOf(e), e.getMessage());
        if (e instanceof CallerNotInDirectory) {
            // Moments after registering: the AccountRegistered event is on its way.
            return problem.builder().header(HttpHeaders.RETRY_AFTER, 1).build();
        }
        return problem.response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> notAUser(Caller.NotAUserToken e) {
        return Problem.of(Status.UNAUTHORIZED, e.getMessage()).response();
    }

    private static Status statusOf(FriendshipException e) {
        return STATUS.get(e.getClass());
    }
}
