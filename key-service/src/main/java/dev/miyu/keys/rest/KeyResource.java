package dev.miyu.keys.rest;

import dev.miyu.keys.bundle.KeyBundleService;
import dev.miyu.keys.limits.RateLimiters;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.Locale;

/** The public-key directory: anyone logged in reads any user's keys; a user publishes only their own. */
@Path("/api/keys")
@Authenticated
public class KeyResource {

    static final String USERNAME = "(?i)[a-z0-9_.-]{3,32}";
    static final String USERNAME_RULE = "must be 3 to 32 characters of a-z, 0-9, '_', '.' or '-'";

    private final KeyBundleService bundles;
    private final RateLimiters limits;
    private final JsonWebToken token;

    public KeyResource(KeyBundleService bundles, RateLimiters limits, JsonWebToken token) {
        this.bundles = bundles;
        this.limits = limits;
        this.token = token;
    }

    /** 201 when the bundle became a new version, 200 when it already was the current one. */
    @PUT
    @Path("me")
    public Uni<RestResponse<KeyBundleView>> publish(@Valid @NotNull PublishBundleRequest body) {
        Caller caller = Caller.of(token);
        limits.bundlePublishes().take(caller.userId());
        return bundles.publish(caller.userId(), caller.username(), body.toSubmission())
                .map(publication -> RestResponse.status(
                        publication.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        KeyBundleView.of(publication.bundle())));
    }

    @GET
    @Path("{username}")
    public Uni<KeyBundleView> current(@PathParam("username") @Pattern(regexp = USERNAME, message = USERNAME_RULE) String username) {
        return bundles.current(username.toLowerCase(Locale.ROOT)).map(KeyBundleView::of);
    }

    /** Oldest first, so a client can replay every key change it missed. */
    @GET
    @Path("{username}/history")
    public Uni<List<KeyBundleView>> history(@PathParam("username") @Pattern(regexp = USERNAME, message = USERNAME_RULE) String username) {
        return bundles.history(username.toLowerCase(Locale.ROOT))
                .map(list -> list.stream().map(KeyBundleView::of).toList());
    }
}
