package dev.miyu.gateway.proxy;

import java.net.URI;
import java.util.function.Function;

import dev.miyu.gateway.config.GatewayConfig;
import io.vertx.core.http.RequestOptions;

/** The services behind the gateway, by the name operators and /ops/status know them by. */
public enum Upstream {
    AUTH("auth-service", GatewayConfig.Upstreams::auth),
    KEYS("key-service", GatewayConfig.Upstreams::keys),
    FRIENDS("friend-service", GatewayConfig.Upstreams::friends),
    PRESENCE("presence-service", GatewayConfig.Upstreams::presence),
    RELAY("relay-service", GatewayConfig.Upstreams::relay);

    private final String serviceName;
    private final Function<GatewayConfig.Upstreams, URI> baseUrl;

    Upstream(String serviceName, Function<GatewayConfig.Upstreams, URI> baseUrl) {
        this.serviceName = serviceName;
        this.baseUrl = baseUrl;
    }

    public String serviceName() {
        return serviceName;
    }

    /**
     * Request options aimed at this service's scheme, host and port (a path in the base URL is not used); the
     * caller adds method, URI and timeouts.
     */
    public RequestOptions target(GatewayConfig.Upstreams upstreams) {
        URI url = baseUrl.apply(upstreams);
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        if (!(tls || "http".equalsIgnoreCase(url.getScheme())) || url.getHost() == null) {
            throw new IllegalStateException("The " + serviceName + " URL must be http(s)://host[:port], not " + url);
        }
        int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        return new RequestOptions().setHost(url.getHost()).setPort(port).setSsl(tls);
    }
}
