package dev.miyu.gateway.ice;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import dev.miyu.gateway.config.GatewayConfig;
import dev.miyu.gateway.http.Problems;
import dev.miyu.gateway.security.EdgeAuthentication;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/config: what the browser needs to set up a WebRTC call, answered by the gateway itself (behind the edge
 * token check). {@code {"iceServers":[{"urls":["stun:…"]},{"urls":["turn:…"],"username":"…","credential":"…"}]}} —
 * the STUN entry when STUN URLs are configured, the TURN entry with fresh per-user credentials when TURN URLs and a
 * secret are. With nothing configured the list is empty: on a LAN or loopback peers reach each other directly.
 */
@ApplicationScoped
public class IceConfigEndpoint implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(IceConfigEndpoint.class);

    private final List<String> stunUrls;
    private final List<String> turnUrls;
    /** null when there is no TURN entry to hand out */
    private final TurnCredentials turn;
    private final Clock clock;

    @Inject
    public IceConfigEndpoint(GatewayConfig config) {
        this(config.ice(), Clock.systemUTC());
    }

    IceConfigEndpoint(GatewayConfig.Ice ice, Clock clock) {
        this.stunUrls = urls(ice.stunUrls().orElse(List.of()), "stun-urls", "stun:", "stuns:");
        List<String> turnUrls = urls(ice.turnUrls().orElse(List.of()), "turn-urls", "turn:", "turns:");
        String secret = ice.turnSecret().filter(s -> !s.isBlank()).orElse(null);
        if (!turnUrls.isEmpty() && secret == null) {
            LOG.warn("miyu.gateway.ice.turn-urls is set but miyu.gateway.ice.turn-secret (MIYU_TURN_SECRET) is not: "
                    + "no TURN server is offered to clients");
        }
        this.turnUrls = secret == null ? List.of() : turnUrls;
        this.turn = secret == null || turnUrls.isEmpty() ? null : new TurnCredentials(secret, ice.turnTtl());
        this.clock = clock;
    }

    /** The STUN URLs handed out, trimmed, in configured order. */
    List<String> offeredStunUrls() {
        return stunUrls;
    }

    /** The TURN URLs handed out; none without a secret to sign credentials with. */
    List<String> offeredTurnUrls() {
        return turn == null ? List.of() : turnUrls;
    }

    private static List<String> urls(List<String> configured, String key, String... schemes) {
        List<String> urls = new ArrayList<>();
        for (String url : configured) {
            String trimmed = url.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            boolean known = false;
            for (String scheme : schemes) {
                known |= trimmed.regionMatches(true, 0, scheme, 0, scheme.length());
            }
            if (!known) {
                throw new IllegalArgumentException("miyu.gateway.ice." + key + ": '" + trimmed + "' must start with "
                        + String.join(" or ", schemes));
            }
            urls.add(trimmed);
        }
        return List.copyOf(urls);
    }

    @Override
    public void handle(RoutingContext ctx) {
        List<Map<String, Object>> servers = new ArrayList<>();
        if (!stunUrls.isEmpty()) {
            servers.add(Map.of("urls", stunUrls));
        }
        if (turn != null) {
            JsonWebToken token = EdgeAuthentication.verifiedToken(ctx);
            String userId = token == null ? null : token.getSubject();
            if (userId == null || userId.isBlank()) {
                Problems.send(ctx, 401, "The access token names no user.");
                return;
            }
            TurnCredentials.Credential credential = turn.issue(userId, clock.instant());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("urls", turnUrls);
            entry.put("username", credential.username());
            entry.put("credential", credential.credential());
            servers.add(entry);
        }
        ctx.response()
                .setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.encodeToBuffer(Map.of("iceServers", servers)));
    }
}
