package dev.miyu.gateway.proxy;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.miyu.gateway.http.Problems;
import dev.miyu.gateway.security.ClientOrigins;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * Carries a WebSocket to a service as a byte tunnel: the handshake is forwarded (with the gateway's forwarding
 * headers), and once the service has switched protocols the two connections are piped into each other with
 * back-pressure. Frames, subprotocols and extensions are negotiated end to end; the gateway never reads them.
 * A service that refuses the handshake has its answer relayed as it is.
 */
@ApplicationScoped
public class WebSocketTunnel {

    private static final Logger LOG = Logger.getLogger(WebSocketTunnel.class);

    private final UpstreamProxies proxies;
    private final ClientOrigins clientOrigins;

    public WebSocketTunnel(UpstreamProxies proxies, ClientOrigins clientOrigins) {
        this.proxies = proxies;
        this.clientOrigins = clientOrigins;
    }

    public Handler<RoutingContext> to(Upstream upstream) {
        return ctx -> open(ctx, upstream);
    }

    private void open(RoutingContext ctx, Upstream upstream) {
        HttpServerRequest incoming = ctx.request();
        if (incoming.method() != HttpMethod.GET || !"websocket".equalsIgnoreCase(incoming.getHeader(HttpHeaders.UPGRADE))) {
            Problems.send(ctx, 400, "This address only takes a WebSocket handshake.");
            return;
        }
        incoming.pause();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(incoming.headers());
        headers.remove(HttpHeaders.HOST);
        ForwardedHeaders.dropHopByHop(headers);
        ForwardedHeaders.vouchFor(clientOrigins.resolve(incoming), headers);
        headers.set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
        headers.set(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET);
        String query = incoming.query();
        String uri = query == null ? ctx.normalizedPath() : ctx.normalizedPath() + "?" + query;

        proxies.connect(upstream)
                .compose(outgoing -> {
                    outgoing.setMethod(HttpMethod.GET).setURI(uri);
                    outgoing.headers().setAll(headers);
                    return outgoing.connect();
                })
                .onComplete(handshake -> {
                    if (handshake.failed()) {
                        UpstreamFailure kind = UpstreamFailure.of(handshake.cause());
                        LOG.warnf("%s: WebSocket %s -> %s", upstream.serviceName(), ctx.normalizedPath(), handshake.cause().getMessage());
                        Problems.send(ctx, kind.status, kind.describe(upstream));
                    } else if (handshake.result().statusCode() != 101) {
                        relayRefusal(handshake.result(), ctx.response());
                    } else {
                        splice(handshake.result(), incoming);
                    }
                });
    }

    private static void splice(HttpClientResponse switched, HttpServerRequest incoming) {
        NetSocket service = switched.netSocket();
        incoming.response().setStatusCode(101).headers().addAll(switched.headers());
        incoming.toNetSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                service.close();
                return;
            }
            NetSocket client = upgraded.result();
            client.pipeTo(service);
            service.pipeTo(client);
        });
    }

    private static void relayRefusal(HttpClientResponse refusal, HttpServerResponse response) {
        response.setStatusCode(refusal.statusCode()).headers().addAll(refusal.headers());
        ForwardedHeaders.dropHopByHop(response.headers());
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        refusal.pipeTo(response);
    }
}
