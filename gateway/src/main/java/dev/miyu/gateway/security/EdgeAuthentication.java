package dev.miyu.gateway.security;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import dev.miyu.gateway.http.Problems;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns away requests without a valid access token before they cost a service anything. Tokens are RS256 JWTs
 * checked against auth-service's JWKS, issuer and audience (mp.jwt.* in application.properties). This is only a
 * first line: every service verifies the token again, so the Authorization header travels on unchanged.
 */
@ApplicationScoped
public class EdgeAuthentication {

    private static final Logger LOG = Logger.getLogger(EdgeAuthentication.class);
    private static final Pattern BEARER = Pattern.compile("Bearer ([A-Za-z0-9._~+/-]+=*)", Pattern.CASE_INSENSITIVE);
    private static final String CHALLENGE = "Bearer realm=\"miyu\"";
    /** Where {@link #requireToken} leaves the verified token for the gateway's own endpoints. */
    private static final String VERIFIED_TOKEN = EdgeAuthentication.class.getName() + ".token";

    private final JWTParser parser;
    private final Vertx vertx;

    public EdgeAuthentication(JWTParser parser, Vertx vertx) {
        this.parser = parser;
        this.vertx = vertx;
    }

    /** Lets the request on only with a valid bearer token. */
    public void requireToken(RoutingContext ctx) {
        List<String> headers = ctx.request().headers().getAll(HttpHeaders.AUTHORIZATION);
        if (headers.isEmpty()) {
            reject(ctx, 401, CHALLENGE, "This API needs an access token (Authorization: Bearer).");
            return;
        }
        Matcher bearer = BEARER.matcher(headers.get(0).trim());
        if (headers.size() > 1 || !bearer.matches()) {
            reject(ctx, 400, CHALLENGE + ", error=\"invalid_request\"", "The Authorization header must be a single 'Bearer <token>'.");
            return;
        }
        String token = bearer.group(1);
        // Keep the body where it is while the token is checked; the proxy resumes it once it has somewhere to go.
        ctx.request().pause();
        // Verification may fetch the JWKS over blocking HTTP, so it must stay off the event loop.
        vertx.executeBlocking(() -> parser.parse(token), false).onComplete(verified -> {
            if (verified.succeeded()) {
                ctx.put(VERIFIED_TOKEN, verified.result());
                ctx.next();
            } else {
                LOG.debugf("Rejected token: %s", verified.cause().getMessage());
                reject(ctx, 401, CHALLENGE + ", error=\"invalid_token\"", "The access token is invalid or has expired.");
            }
        });
    }

    /** The token {@link #requireToken} verified for this request, or null if it did not run. */
    public static JsonWebToken verifiedToken(RoutingContext ctx) {
        return ctx.get(VERIFIED_TOKEN);
    }

    /**
     * The WebSocket handshake: browsers cannot set headers on it, so a request with a {@code ticket} query parameter
     * goes through unchecked here and relay-service decides on the ticket; otherwise a bearer token is required.
     */
    public void requireTicketOrToken(RoutingContext ctx) {
        String ticket = ctx.request().getParam("ticket");
        if (ticket != null && !ticket.isBlank()) {
            ctx.next();
        } else {
            requireToken(ctx);
        }
    }

    private static void reject(RoutingContext ctx, int status, String challenge, String detail) {
        ctx.response().putHeader("WWW-Authenticate", challenge);
        Problems.send(ctx, status, detail);
    }
}
