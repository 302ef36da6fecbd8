package dev.miyu.gateway.proxy;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.miyu.gateway.config.GatewayConfig;
import dev.miyu.gateway.security.BodyLimits;
import dev.miyu.gateway.security.ClientOrigins;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;

/**
 * Streams HTTP requests to the services and their answers back (Vert.x http-proxy: bodies flow through with
 * back-pressure, never buffered whole). One client with a connection pool per service, shared by all routes and
 * the WebSocket tunnel.
 */
@ApplicationScoped
public class UpstreamProxies {

    private static final Logger LOG = Logger.getLogger(UpstreamProxies.class);

    private final HttpClient client;
    private final GatewayConfig config;
    private final ClientOrigins clientOrigins;
    private final BodyLimits bodyLimits;

    public UpstreamProxies(Vertx vertx, GatewayConfig config, ClientOrigins clientOrigins, BodyLimits bodyLimits) {
        this.config = config;
        this.clientOrigins = clientOrigins;
        this.bodyLimits = bodyLimits;
        // Fail at startup, not on the first request, when a service URL is unusable.
        for (Upstream upstream : Upstream.values()) {
            upstream.target(config.upstreams());
        }
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.proxy().connectTimeout().toMillis())
                .setMaxPoolSize(config.proxy().maxConnectionsPerUpstream()));
    }

    /**
     * A request to the service on a pooled connection, failed with {@link UpstreamFailure.NoConnection} when none
     * can be had within the connect timeout. The caller sets method, URI and headers.
     */
    Future<HttpClientRequest> connect(Upstream upstream) {
        RequestOptions target = upstream.target(config.upstreams())
                .setConnectTimeout(config.proxy().connectTimeout().toMillis())
                .setIdleTimeout(config.proxy().responseTimeout().toMillis());
        return client.request(target)
                // Failures reach the proxy through the response; unhandled they would also be logged as errors.
                .map(request -> request.exceptionHandler(failure -> LOG.debugf("%s: %s", upstream.serviceName(), failure.getMessage())))
                .recover(failure -> Future.failedFuture(new UpstreamFailure.NoConnection(failure)));
    }

    /** Proxies to the service; declared body lengths have passed {@link BodyLimits} already. */
    public Handler<RoutingContext> to(Upstream upstream) {
        // WebSocket upgrades go through WebSocketTunnel on /ws only; here they would bypass the interceptor.
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
                .origin(context -> connect(upstream))
                .addInterceptor(new ForwardingInterceptor(upstream, bodyLimits, clientOrigins));
        return ctx -> {
            if ("100-continue".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.EXPECT))) {
                // Only now: a client that asked first does not send a body the edge checks would refuse.
                ctx.response().writeContinue();
            }
            proxy.handle(ctx.request());
        };
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
