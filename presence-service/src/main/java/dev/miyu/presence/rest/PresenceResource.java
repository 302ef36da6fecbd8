package dev.miyu.presence.rest;

import dev.miyu.presence.limits.RateLimiters;
import dev.miyu.presence.online.Heartbeat;
import dev.miyu.presence.online.PresenceService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Heartbeats, logout and presence lookups for the signed-in user. Heartbeat and offline take no body (an empty
 * body or {@code {}} is what clients send; any body is ignored) and answer 204.
 */
@Path("/api/presence")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

    /** At most 50 usernames of 1 to 32 characters from [a-z0-9_.-] (any case), separated by commas. */
    static final String USERS = "^[A-Za-z0-9_.-]{1,32}(,[A-Za-z0-9_.-]{1,32}){0,49}$";

    private final PresenceService presence;
    private final RateLimiters limits;
    private final JsonWebToken token;

    PresenceResource(PresenceService presence, RateLimiters limits, JsonWebToken token) {
        this.presence = presence;
        this.limits = limits;
        this.token = token;
    }

    /** The client sends one every 20 s while the app is open; the gateway passes the client's address along. */
    @POST
    @Path("/heartbeat")
    public Uni<Void> heartbeat(@HeaderParam(HttpHeaders.USER_AGENT) String userAgent, HttpServerRequest request) {
        UUID userId = callerId();
        limits.write(userId, "presence.heartbeat");
        String clientIp = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return presence.heartbeat(new Heartbeat(userId, callerName(), clientIp, userAgent));
    }

    /** Sent at logout: the caller is offline at once instead of after the timeout. */
    @POST
    @Path("/offline")
    public Uni<Void> offline() {
        UUID userId = callerId();
        limits.write(userId, "presence.offline");
        return presence.leave(userId);
    }

    @GET
    public Uni<List<PresenceView>> lookup(
            @QueryParam("users")
            @NotNull(message = "is required: up to 50 comma-separated usernames")
            @Pattern(regexp = USERS, message = "must be 1 to 50 comma-separated usernames of 1 to 32 letters, digits, '_', '.' or '-'")
            String users) {
        List<String> usernames = Arrays.stream(users.split(","))
                .map(name -> name.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        return presence.lookup(callerId(), callerName(), usernames)
                .map(found -> found.stream().map(PresenceView::of).toList());
    }

    private UUID callerId() {
        return UUID.fromString(token.getSubject());
    }

    private String callerName() {
        return token.getName().toLowerCase(Locale.ROOT);
    }
}
