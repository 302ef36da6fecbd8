package dev.miyu.gateway.ops;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.miyu.gateway.config.GatewayConfig;
import dev.miyu.gateway.ops.SystemStatus.Check;
import dev.miyu.gateway.ops.SystemStatus.ServiceStatus;
import dev.miyu.gateway.proxy.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Asks every service's readiness endpoint at once and gathers the answers. It has its own small connection pool,
 * so that status polls still get through while the proxy's pool is saturated.
 */
@ApplicationScoped
public class ServiceReadiness {

    private static final String READINESS_PATH = "/q/health/ready";

    private final HttpClient client;
    private final GatewayConfig config;

    public ServiceReadiness(Vertx vertx, GatewayConfig config) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.ops().healthTimeout().toMillis())
                .setMaxPoolSize(2));
    }

    public Future<SystemStatus> poll() {
        List<Future<ServiceStatus>> polls = Arrays.stream(Upstream.values()).map(this::poll).toList();
        return Future.all(polls).map(all -> SystemStatus.of(polls.stream().map(Future::result).toList()));
    }

    private Future<ServiceStatus> poll(Upstream upstream) {
        long timeout = config.ops().healthTimeout().toMillis();
        RequestOptions request = upstream.target(config.upstreams())
                .setMethod(HttpMethod.GET)
                .setURI(READINESS_PATH)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout);
        return client.request(request)
                .compose(sent -> sent.send())
                .compose(response -> response.body().map(body -> read(upstream, response, body)))
                .otherwise(failure -> ServiceStatus.unanswered(upstream.serviceName(),
                        failure instanceof TimeoutException ? "no answer within " + timeout + " ms" : "unreachable"));
    }

    /** A service is UP only when it says so with a 200; checks are copied by name and state only. */
    private static ServiceStatus read(Upstream upstream, HttpClientResponse response, Buffer body) {
        JsonObject health;
        try {
            health = body.toJsonObject();
        } catch (RuntimeException e) {
            return ServiceStatus.unanswered(upstream.serviceName(), "unreadable readiness answer (HTTP " + response.statusCode() + ")");
        }
        JsonArray checks = health.getJsonArray("checks", new JsonArray());
        List<Check> named = checks.stream()
                .filter(JsonObject.class::isInstance)
                .map(JsonObject.class::cast)
                .map(check -> new Check(check.getString("name"), check.getString("status")))
                .toList();
        boolean up = response.statusCode() == 200 && SystemStatus.UP.equals(health.getString("status"));
        return new ServiceStatus(upstream.serviceName(), up ? SystemStatus.UP : SystemStatus.DOWN, named, null);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
