package dev.miyu.gateway;

import static dev.miyu.gateway.proxy.Upstream.AUTH;
import static dev.miyu.gateway.proxy.Upstream.FRIENDS;
import static dev.miyu.gateway.proxy.Upstream.KEYS;
import static dev.miyu.gateway.proxy.Upstream.PRESENCE;
import static dev.miyu.gateway.proxy.Upstream.RELAY;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.miyu.gateway.alerts.AlertsEndpoint;
import dev.miyu.gateway.http.Problems;
import dev.miyu.gateway.http.RequestId;
import dev.miyu.gateway.ice.IceConfigEndpoint;
import dev.miyu.gateway.ops.StatusEndpoint;
import dev.miyu.gateway.proxy.UpstreamProxies;
import dev.miyu.gateway.proxy.WebSocketTunnel;
import dev.miyu.gateway.security.AuthRateLimit;
import dev.miyu.gateway.security.BodyLimits;
import dev.miyu.gateway.security.EdgeAuthentication;
import dev.miyu.gateway.security.SecurityHeaders;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.Router;

/**
 * The gateway's whole address space in one place: which paths go to which service, which need a token and which
 * are rate limited (body sizes per path: {@link BodyLimits}). Everything not listed is Quarkus's own: the web
 * client's static files at /, and /q/health, /q/metrics.
 */
@ApplicationScoped
public class GatewayRoutes {

    /** What a client may call without an access token: it is how a client gets one, or gives one back. */
    private static final List<String> PUBLIC_AUTH_PATHS = List.of(
            "/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout");

    private final UpstreamProxies proxies;
    private final WebSocketTunnel webSockets;
    private final EdgeAuthentication edgeAuth;
    private final AuthRateLimit authRateLimit;
    private final SecurityHeaders securityHeaders;
    private final BodyLimits bodyLimits;
    private final StatusEndpoint status;
    private final AlertsEndpoint alerts;
    private final IceConfigEndpoint iceConfig;

    public GatewayRoutes(UpstreamProxies proxies, WebSocketTunnel webSockets,
            EdgeAuthentication edgeAuth, AuthRateLimit authRateLimit, SecurityHeaders securityHeaders,
            BodyLimits bodyLimits, StatusEndpoint status, AlertsEndpoint alerts, IceConfigEndpoint iceConfig) {
        this.proxies = proxies;
        this.webSockets = webSockets;
        this.edgeAuth = edgeAuth;
        this.authRateLimit = authRateLimit;
        this.securityHeaders = securityHeaders;
        this.bodyLimits = bodyLimits;
        this.status = status;
        this.alerts = alerts;
        this.iceConfig = iceConfig;
    }

    /** Runs on every request, static files, health and errors included; higher priority runs first. */
    void filters(@Observes Filters filters) {
        filters.register(new RequestId(), 300);
        filters.register(securityHeaders, 200);
        // Ahead of Quarkus's own max-body-size check (route order -2), which would answer with a bare 413.
        filters.register(bodyLimits, 100);
    }

    /** Vert.x tries routes in the order they are added, so exact paths come before the prefixes they fall under. */
    void routes(@Observes Router router) {
        for (String path : PUBLIC_AUTH_PATHS) {
            router.route(path).handler(authRateLimit).handler(proxies.to(AUTH));
        }
        router.route("/api/auth/*").handler(authRateLimit).handler(edgeAuth::requireToken).handler(proxies.to(AUTH));
        router.get("/.well-known/jwks.json").handler(proxies.to(AUTH));

        router.route("/api/keys/*").handler(edgeAuth::requireToken).handler(proxies.to(KEYS));
        router.route("/api/users/*").handler(edgeAuth::requireToken).handler(proxies.to(FRIENDS));
        router.route("/api/friends/*").handler(edgeAuth::requireToken).handler(proxies.to(FRIENDS));
        router.route("/api/presence/*").handler(edgeAuth::requireToken).handler(proxies.to(PRESENCE));
        router.route("/api/relay/*").handler(edgeAuth::requireToken).handler(proxies.to(RELAY));
        router.route("/api/attachments/*").handler(edgeAuth::requireToken).handler(proxies.to(RELAY));
        // The gateway's own answer: ICE servers (STUN/TURN with fresh TURN credentials) for WebRTC calls.
        router.get("/api/config").handler(edgeAuth::requireToken).handler(iceConfig);
        router.route("/api/config").handler(ctx -> {
            ctx.response().putHeader("Allow", "GET");
            Problems.send(ctx, 405, "/api/config only answers GET.");
        });
        router.get("/ws").handler(edgeAuth::requireTicketOrToken).handler(webSockets.to(RELAY));
        router.route("/api/*").handler(ctx -> Problems.send(ctx, 404, "There is no API at " + ctx.normalizedPath() + "."));

        router.get("/ops/status").handler(status);
        router.get("/ops/alerts").handler(alerts);
        router.route("/ops/*").handler(ctx -> Problems.send(ctx, 404, "There is no operations endpoint at " + ctx.normalizedPath() + "."));
    }
}
