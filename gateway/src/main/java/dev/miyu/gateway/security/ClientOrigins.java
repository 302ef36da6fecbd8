package dev.miyu.gateway.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.miyu.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Works out who sent a request. X-Forwarded-For is read from the right and believed only hop by hop through
 * configured trusted proxies; the first address not vouched for is the client. The chain passed on starts at that
 * client, so a service that reads the leftmost X-Forwarded-For entry (as Quarkus does) gets the real client, not
 * whatever the client wrote into the header.
 */
@ApplicationScoped
public class ClientOrigins {

    private final List<AddressRange> trustedProxies;

    @Inject
    public ClientOrigins(GatewayConfig config) {
        this(config.forwarding().trustedProxies().orElse(List.of()));
    }

    ClientOrigins(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().filter(range -> !range.isBlank()).map(AddressRange::parse).toList();
    }

    /** The client's address, the X-Forwarded-For chain from it to the gateway, and the scheme it used. */
    public record ClientOrigin(String address, String forwardedFor, String proto) {

        public boolean https() {
            return "https".equals(proto);
        }
    }

    public ClientOrigin resolve(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
        return resolve(peer, request.headers().getAll("X-Forwarded-For"), request.getHeader("X-Forwarded-Proto"), request.isSSL());
    }

    ClientOrigin resolve(String peer, List<String> forwardedForHeaders, String forwardedProto, boolean tls) {
        List<String> hops = new ArrayList<>();
        hops.add(peer);
        boolean peerTrusted = isTrusted(peer);
        if (peerTrusted) {
            List<String> claimed = claimedChain(forwardedForHeaders);
            for (int i = claimed.size() - 1; i >= 0 && isTrusted(hops.get(hops.size() - 1)); i--) {
                String hop = claimed.get(i);
                if (AddressRange.literal(hop) == null) {
                    break;
                }
                hops.add(hop);
            }
        }
        Collections.reverse(hops);
        String proto = tls ? "https" : "http";
        if (peerTrusted && forwardedProto != null) {
            String claimed = forwardedProto.split(",")[0].trim().toLowerCase();
            if (claimed.equals("http") || claimed.equals("https")) {
                proto = claimed;
            }
        }
        return new ClientOrigin(hops.get(0), String.join(", ", hops), proto);
    }

    private boolean isTrusted(String address) {
        byte[] bytes = AddressRange.literal(address);
        return bytes != null && trustedProxies.stream().anyMatch(range -> range.contains(bytes));
    }

    private static List<String> claimedChain(List<String> forwardedForHeaders) {
        List<String> chain = new ArrayList<>();
        for (String header : forwardedForHeaders) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    chain.add(hop.trim());
                }
            }
        }
        return chain;
    }
}
