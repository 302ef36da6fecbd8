package dev.miyu.keys.rest;

import dev.miyu.keys.prekey.PrekeyService;
import dev.miyu.keys.prekey.PrekeyStock;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Locale;

/** Prekeys for forward-secret sessions: a user uploads and counts their own; any logged-in user takes a friend's. */
@Path("/api/keys")
@Authenticated
public class PrekeyResource {

    private final PrekeyService prekeys;
    private final JsonWebToken token;

    public PrekeyResource(PrekeyService prekeys, JsonWebToken token) {
        this.prekeys = prekeys;
        this.token = token;
    }

    @PUT
    @Path("me/prekeys")
    public Uni<PrekeyStock> upload(@Valid @NotNull PublishPrekeysRequest body) {
        Caller caller = Caller.of(token);
        return prekeys.upload(caller.userId(), caller.username(), body.toUpload());
    }

    @GET
    @Path("me/prekeys")
    public Uni<PrekeyStock> stock() {
        Caller caller = Caller.of(token);
        return prekeys.stock(caller.userId(), caller.username());
    }

    /** POST, not GET: every call consumes one of the recipient's one-time prekeys. */
    @POST
    @Path("{username}/prekey-bundle")
    public Uni<PrekeyBundleView> take(
            @PathParam("username") @Pattern(regexp = KeyResource.USERNAME, message = KeyResource.USERNAME_RULE) String username) {
        return prekeys.take(username.toLowerCase(Locale.ROOT)).map(PrekeyBundleView::of);
    }
}
