package dev.miyu.gateway.proxy;

import java.util.List;

import dev.miyu.gateway.security.ClientOrigins.ClientOrigin;
import io.vertx.core.MultiMap;

/** The headers the gateway vouches for towards the services, and those it never lets a client or service set. */
final class ForwardedHeaders {

    /**
     * Forwarding headers a client could use to pose as someone else to a service; the gateway speaks for the
     * client in X-Forwarded-For and X-Forwarded-Proto only.
     */
    private static final List<String> CLIENT_CLAIMS = List.of("Forwarded", "X-Forwarded-Host", "X-Forwarded-Port",
            "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Forwarded-Ssl", "X-Real-IP", "X-Client-IP");

    /** Meaningful for one connection only (RFC 9110 section 7.6.1), so never relayed from a service's answer. */
    private static final List<String> HOP_BY_HOP = List.of("Connection", "Keep-Alive", "Proxy-Connection",
            "Proxy-Authenticate", "TE", "Trailer", "Transfer-Encoding", "Upgrade");

    private ForwardedHeaders() {
    }

    static void vouchFor(ClientOrigin client, MultiMap requestHeaders) {
        CLIENT_CLAIMS.forEach(requestHeaders::remove);
        requestHeaders.set("X-Forwarded-For", client.forwardedFor());
        requestHeaders.set("X-Forwarded-Proto", client.proto());
    }

    static void dropHopByHop(MultiMap responseHeaders) {
        HOP_BY_HOP.forEach(responseHeaders::remove);
    }
}
