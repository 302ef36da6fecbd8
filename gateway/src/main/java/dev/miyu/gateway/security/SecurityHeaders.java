package dev.miyu.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Browser hardening on every response: the app's own pages, proxied answers and errors alike. The headers are set
 * as the response head is written, so nothing earlier in the exchange, in particular a proxied service, can
 * weaken or duplicate them.
 */
@ApplicationScoped
public class SecurityHeaders implements Handler<RoutingContext> {

    /**
     * Only the gateway's own origin may supply code, styles, media or connections (CSP Level 3 'self' covers ws:
     * and wss: to the same host); no inline script or eval anywhere, no plugins, no framing, no base-URI tricks.
     * data: and blob: images and blob: media are the decrypted attachments the app renders locally.
     */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'");

    /** The camera (QR safety numbers) and microphone (voice) for the app itself; every other powerful feature off. */
    static final String PERMISSIONS_POLICY = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), "
            + "serial=(), bluetooth=(), midi=(), display-capture=()";

    private final ClientOrigins clientOrigins;

    public SecurityHeaders(ClientOrigins clientOrigins) {
        this.clientOrigins = clientOrigins;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> apply(ctx));
        ctx.next();
    }

    private void apply(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Permissions-Policy", PERMISSIONS_POLICY);
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        // Over plain HTTP the header is meaningless to browsers and would only advertise a wrong promise.
        if (clientOrigins.resolve(ctx.request()).https()) {
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        } else {
            headers.remove("Strict-Transport-Security");
        }
        String path = ctx.normalizedPath();
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/ops/")) {
            // Answers carry tokens, key material and ciphertext: no browser or shared cache may keep them.
            headers.set("Cache-Control", "no-store");
        } else if (path.endsWith("/") || path.endsWith(".html")) {
            // The app shell must be revalidated, or a fixed client would not reach users for a day.
            headers.set("Cache-Control", "no-cache");
        }
    }
}
