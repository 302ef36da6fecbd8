package dev.miyu.gateway;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Stand-ins for the five services, each a real HTTP server on its own port: they echo what reached them, report
 * readiness and metrics as told, echo WebSocket messages, and auth-service serves the JWKS of a key the tests sign
 * tokens with. A sixth server is the alert webhook, recording what the gateway posts to it. The test classes get this
 * object injected and use it to arrange and inspect the services.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://miyu.local/auth";
    public static final String AUDIENCE = "miyu";

    /** A path on every fake service that never answers. */
    public static final String SILENT_PATH_SUFFIX = "/silence";

    private Vertx vertx;
    private RsaJsonWebKey signingKey;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private WebhookReceiver webhook;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        signingKey = newKey("test-signing-key");
        Map<String, String> config = new LinkedHashMap<>();
        for (String[] service : new String[][] { { "auth-service", "auth" }, { "key-service", "keys" },
                { "friend-service", "friends" }, { "presence-service", "presence" }, { "relay-service", "relay" } }) {
            Service fake = new Service(service[0]);
            fake.listen(0);
            services.put(service[0], fake);
            config.put("miyu.gateway.upstreams." + service[1], "http://127.0.0.1:" + fake.port);
        }
        config.put("mp.jwt.verify.publickey.location", "http://127.0.0.1:" + services.get("auth-service").port + "/.well-known/jwks.json");
        config.put("mp.jwt.verify.issuer", ISSUER);
        config.put("mp.jwt.verify.audiences", AUDIENCE);
        webhook = new WebhookReceiver();
        config.put("miyu.gateway.alerts.webhooks", webhook.url());
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(FakeServices.class));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    public Service service(String name) {
        return services.get(name);
    }

    public WebhookReceiver webhook() {
        return webhook;
    }

    /** Every service up and ready, as most tests expect. */
    public void allUpAndReady() {
        services.values().forEach(service -> {
            service.start();
            service.ready = true;
        });
    }

    /** Whether any service received a request carrying this X-Request-Id. */
    public boolean anyServiceSaw(String requestId) {
        return services.values().stream().flatMap(s -> s.seen.stream()).anyMatch(h -> requestId.equals(h.get("X-Request-Id")));
    }

    public String validToken() {
        return token(claims -> {
        });
    }

    public String token(Consumer<JwtClaims> adjust) {
        return sign(adjust, signingKey);
    }

    public String tokenSignedByUnknownKey() {
        return sign(claims -> {
        }, newKey("test-signing-key"));
    }

    public String unsignedToken() {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims(claims -> {
            }).toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
            jws.setAlgorithmConstraints(AlgorithmConstraints.ALLOW_ONLY_NONE);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(Consumer<JwtClaims> adjust, RsaJsonWebKey key) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims(adjust).toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaims claims(Consumer<JwtClaims> adjust) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject("6f1c2a4e-0000-4000-8000-000000000001");
        claims.setClaim("upn", "alice");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setGeneratedJwtId();
        adjust.accept(claims);
        return claims;
    }

    private static RsaJsonWebKey newKey(String keyId) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(keyId);
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One fake service. */
    public final class Service {

        private final String name;
        private final Queue<MultiMap> seen = new ConcurrentLinkedQueue<>();
        /** Prometheus series, such as {@code miyu_logins_total{outcome="failure"}}, and their values. */
        private final Map<String, Double> metrics = new ConcurrentHashMap<>();
        private volatile boolean ready = true;
        private HttpServer server;
        private int port;

        private Service(String name) {
            this.name = name;
        }

        public void setReady(boolean ready) {
            this.ready = ready;
        }

        public void setMetric(String series, double value) {
            metrics.put(series, value);
        }

        public double metric(String series) {
            return metrics.getOrDefault(series, 0.0);
        }

        /** Stops listening, so connections to its port are refused. */
        public void stop() {
            if (server != null) {
                await(server.close());
                server = null;
            }
        }

        /** Listens again on the same port. */
        public void start() {
            if (server == null) {
                listen(port);
            }
        }

        private void listen(int onPort) {
            server = await(vertx.createHttpServer().requestHandler(this::handle).listen(onPort, "127.0.0.1"));
            port = server.actualPort();
        }

        private void handle(HttpServerRequest request) {
            seen.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
            String path = request.path();
            if (path.equals("/q/health/ready")) {
                JsonObject check = new JsonObject().put("name", "Database connections health check")
                        .put("status", ready ? "UP" : "DOWN")
                        .put("data", new JsonObject().put("<default>", "postgresql://db.internal:5432"));
                request.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("status", ready ? "UP" : "DOWN").put("checks", new JsonArray().add(check)).encode());
            } else if (path.equals("/q/metrics")) {
                // Like a real service's page, with comments and series the gateway has no use for.
                StringBuilder page = new StringBuilder("# TYPE process_uptime_seconds gauge\nprocess_uptime_seconds 42.0\n");
                metrics.forEach((series, value) -> page.append(series).append(' ').append(value).append('\n'));
                request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(page.toString());
            } else if (path.equals("/.well-known/jwks.json")) {
                request.response().putHeader("Content-Type", "application/json")
                        .end(new JsonWebKeySet(signingKey).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            } else if (path.equals("/ws")) {
                request.toWebSocket().onSuccess(socket -> socket.textMessageHandler(text -> socket.writeTextMessage(name + " echoes " + text)));
            } else if (!path.endsWith(SILENT_PATH_SUFFIX)) {
                echo(request);
            }
        }

        /** Answers with what arrived, and with headers a careless service might send, to see the gateway win. */
        private void echo(HttpServerRequest request) {
            MessageDigest sha256 = sha256();
            long[] bytes = { 0 };
            request.handler(chunk -> {
                bytes[0] += chunk.length();
                sha256.update(chunk.getBytes());
            });
            request.endHandler(end -> {
                JsonObject headers = new JsonObject();
                request.headers().names().forEach(h -> headers.put(h.toLowerCase(), new JsonArray(List.copyOf(request.headers().getAll(h)))));
                JsonObject echo = new JsonObject()
                        .put("service", name)
                        .put("method", request.method().name())
                        .put("uri", request.uri())
                        .put("headers", headers)
                        .put("bodyBytes", bytes[0])
                        .put("bodySha256", HexFormat.of().formatHex(sha256.digest()));
                request.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Content-Security-Policy", "script-src 'unsafe-inline' 'unsafe-eval'")
                        .putHeader("X-Frame-Options", "ALLOWALL")
                        .putHeader("Cache-Control", "public, max-age=3600")
                        .putHeader("X-Request-Id", "set-by-the-service")
                        .end(echo.encode());
            });
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The alert webhook. It records every notification posted to it, and can answer 500 to the first attempts at
     * each distinct notification, like a receiver having a bad moment.
     */
    public final class WebhookReceiver {

        private final Queue<JsonObject> attempts = new ConcurrentLinkedQueue<>();
        private final Queue<JsonObject> delivered = new ConcurrentLinkedQueue<>();
        private final HttpServer server;
        private volatile int failingAttempts;

        private WebhookReceiver() {
            server = await(vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1"));
        }

        private String url() {
            return "http://127.0.0.1:" + server.actualPort() + "/hooks/miyu";
        }

        /** From now on, answer 500 to the first {@code attempts} posts of each notification; 0 takes every one. */
        public void failFirstAttemptsOfEach(int attempts) {
            this.failingAttempts = attempts;
        }

        /** Notifications taken (answered 2xx), oldest first. */
        public List<JsonObject> delivered() {
            return List.copyOf(delivered);
        }

        /** How many times this notification was posted, failed attempts included. */
        public long attemptsAt(JsonObject notification) {
            return attempts.stream().filter(notification::equals).count();
        }

        private void handle(HttpServerRequest request) {
            if (!"application/json".equals(request.getHeader("Content-Type"))) {
                request.response().setStatusCode(415).end();
                return;
            }
            request.body().onSuccess(body -> {
                JsonObject notification = body.toJsonObject();
                boolean failing = attemptsAt(notification) < failingAttempts;
                attempts.add(notification);
                if (!failing) {
                    delivered.add(notification);
                }
                request.response().setStatusCode(failing ? 500 : 204).end();
            });
        }
    }
}
