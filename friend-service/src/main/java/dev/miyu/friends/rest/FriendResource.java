package dev.miyu.friends.rest;

import dev.miyu.friends.friendship.FriendshipService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/api/friends")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FriendResource {

    private final FriendshipService friendships;
    private final Caller caller;

    public FriendResource(FriendshipService friendships, Caller caller) {
        this.friendships = friendships;
        this.caller = caller;
    }

    /** The caller's friends in name order, with presence and key fingerprint from this service's own projections. */
    @GET
    public Uni<List<FriendResponse>> friends() {
        return friendships.friendsOf(caller.id()).map(friends -> friends.stream().map(FriendResponse::of).toList());
    }

    /** Ends the friendship for both sides: 204, or 404 when the two are not friends. */
    @DELETE
    @Path("/{username}")
    @RateLimited
    public Uni<Void> remove(
            @PathParam("username") @Size(max = Usernames.MAX_LENGTH)
            @Pattern(regexp = Usernames.PATTERN, message = Usernames.PATTERN_MESSAGE) String username) {
        return friendships.remove(caller.id(), username);
    }
}
