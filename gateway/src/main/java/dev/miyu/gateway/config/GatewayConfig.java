package dev.miyu.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the gateway can be told: where the services are, how long to wait for them, what to let through. */
@ConfigMapping(prefix = "miyu.gateway")
public interface GatewayConfig {

    Upstreams upstreams();

    Proxy proxy();

    Limits limits();

    RateLimit authRateLimit();

    Forwarding forwarding();

    Ops ops();

    Alerts alerts();

    Ice ice();

    /** Base URLs of the services behind the gateway. */
    interface Upstreams {

        URI auth();

        URI keys();

        URI friends();

        URI presence();

        URI relay();
    }

    interface Proxy {

        /** A service that does not accept the connection within this time counts as unavailable (503). */
        Duration connectTimeout();

        /**
         * Longest wait for a service to start its answer, counted from when the request starts to go out, so it
         * includes the time a slow client takes to upload (504 after that). Once the answer has begun it streams
         * for as long as it takes.
         */
        Duration responseTimeout();

        /** Connections kept per service; requests beyond it queue in the gateway. */
        int maxConnectionsPerUpstream();
    }

    interface Limits {

        /** Largest request body for ordinary API calls. */
        MemorySize apiBody();

        /** Largest request body for an encrypted attachment upload. */
        MemorySize attachmentBody();
    }

    /** Token bucket per client address on /api/auth/**: {@code capacity} requests, refilled evenly over {@code period}. */
    interface RateLimit {

        int capacity();

        Duration period();
    }

    interface Forwarding {

        /**
         * Addresses or CIDR ranges of proxies in front of the gateway (load balancer, ingress). Only from these is a
         * client-supplied X-Forwarded-For or X-Forwarded-Proto believed; empty means the gateway is the edge.
         */
        Optional<List<String>> trustedProxies();
    }

    interface Ops {

        /** How long the gateway waits for each service's readiness or metrics answer. */
        Duration healthTimeout();
    }

    /** The rules the gateway evaluates for /ops/alerts, and where it posts their firing and resolution. */
    interface Alerts {

        /** Time between evaluations; each one asks every service for its readiness and its metrics. */
        Duration interval();

        /** ServiceNotReady fires once a service has answered anything but UP for this long. */
        Duration notReadyFor();

        /** LoginFailures fires when auth-service counts more failed logins than this within {@link #loginFailuresWindow()}. */
        int loginFailuresPerMinute();

        /** The sliding window failed logins are counted over: a minute, as the threshold's name says; tests shorten it. */
        Duration loginFailuresWindow();

        /** RelayQueueDeep fires when relay-service's {@link #queueDepthMetric()} is above this. */
        long queueDepth();

        /** relay-service's gauge of queued envelopes; if relay-service does not export it, RelayQueueDeep never fires. */
        String queueDepthMetric();

        /** ConsumerLag fires when a service's Kafka consumer lags more records than this for {@link #consumerLagFor()}. */
        long consumerLag();

        Duration consumerLagFor();

        /** URLs every firing and resolution is posted to; empty: alerts are only listed at /ops/alerts. */
        Optional<List<URI>> webhooks();

        Delivery delivery();

        /**
         * How notifications reach each webhook: one at a time and in order, each tried {@code attempts} times with a
         * wait doubling from {@code firstBackoff} up to {@code maxBackoff}; at most {@code queueSize} wait behind it.
         */
        interface Delivery {

            int attempts();

            Duration firstBackoff();

            Duration maxBackoff();

            int queueSize();

            /** Longest wait for a webhook to accept the connection, and then between bytes of its answer. */
            Duration timeout();
        }
    }

    /** ICE servers handed to browsers for WebRTC calls (GET /api/config). */
    interface Ice {

        /** STUN URLs ({@code stun:host:3478}); empty: no STUN, enough on a LAN or loopback. */
        Optional<List<String>> stunUrls();

        /** TURN URLs ({@code turn:host:3478?transport=udp}, {@code turns:…}); offered only with {@link #turnSecret()}. */
        Optional<List<String>> turnUrls();

        /** coturn's {@code static-auth-secret} ({@code use-auth-secret}): signs the time-limited TURN credentials. */
        Optional<String> turnSecret();

        /** How long a handed-out TURN credential stays valid. */
        @WithDefault("12h")
        Duration turnTtl();
    }
}
