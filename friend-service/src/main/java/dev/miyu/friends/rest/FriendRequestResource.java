package dev.miyu.friends.rest;

import dev.miyu.friends.friendship.FriendshipService;
import dev.miyu.friends.friendship.RequestOutcome;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/**
 * Friend requests. Acting on a request one is not party to answers 404, as for an unknown id, so ids reveal nothing;
 * a party acting in the wrong role (the sender accepting, the recipient cancelling) gets 403.
 */
@Path("/api/friends/requests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FriendRequestResource {

    private final FriendshipService friendships;
    private final Caller caller;

    public FriendRequestResource(FriendshipService friendships, Caller caller) {
        this.friendships = friendships;
        this.caller = caller;
    }

    /**
     * 201 with the pending request; or, when the other user had already asked the caller, 200 with
     * {@code {"friendship": ...}}: their request is accepted instead of sending a second one.
     */
    @POST
    @RateLimited
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> send(@NotNull(message = "must be a JSON object with \"to\"") @Valid FriendRequestBody body) {
        return friendships.request(caller.id(), body.to()).map(outcome -> {
            if (outcome instanceof RequestOutcome.Befriended befriended) {
                return Response.ok(new FriendshipResponse(FriendResponse.of(befriended.friend()))).build();
            }
            return Response.status(Response.Status.CREATED)
                    .entity(FriendRequestResponse.of(((RequestOutcome.Requested) outcome).request()))
                    .build();
        });
    }

    @GET
    public Uni<PendingRequestsResponse> pending() {
        return friendships.pendingFor(caller.id()).map(PendingRequestsResponse::of);
    }

    /** Recipient only. */
    @POST
    @Path("/{id}/accept")
    @RateLimited
    public Uni<FriendshipResponse> accept(@PathParam("id") UUID id) {
        return friendships.accept(caller.id(), id).map(friend -> new FriendshipResponse(FriendResponse.of(friend)));
    }

    /** Recipient only. */
    @POST
    @Path("/{id}/decline")
    @RateLimited
    public Uni<FriendRequestResponse> decline(@PathParam("id") UUID id) {
        return friendships.decline(caller.id(), id).map(FriendRequestResponse::of);
    }

    /** Sender only. */
    @POST
    @Path("/{id}/cancel")
    @RateLimited
    public Uni<FriendRequestResponse> cancel(@PathParam("id") UUID id) {
        return friendships.cancel(caller.id(), id).map(FriendRequestResponse::of);
    }
}
