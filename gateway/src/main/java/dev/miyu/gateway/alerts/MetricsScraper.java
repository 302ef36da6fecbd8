package dev.miyu.gateway.alerts;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.miyu.gateway.alerts.PrometheusText.Sample;
import dev.miyu.gateway.config.GatewayConfig;
import dev.miyu.gateway.proxy.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** Reads every service's /q/metrics at once, with its own small connection pool like {@code ServiceReadiness}. */
@ApplicationScoped
public class MetricsScraper {

    private static final String METRICS_PATH = "/q/metrics";
    /** The classic text format; OpenMetrics would do too, but this one is what every Prometheus client can answer. */
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4";

    private final HttpClient client;
    private final GatewayConfig config;

    public MetricsScraper(Vertx vertx, GatewayConfig config) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.ops().healthTimeout().toMillis())
                .setMaxPoolSize(1));
    }

    /** The named series of each service that answered; a service that did not is missing from the map. */
    Future<Map<Upstream, List<Sample>>> scrape(Set<String> names) {
        List<Upstream> upstreams = Arrays.asList(Upstream.values());
        List<Future<List<Sample>>> scrapes = upstreams.stream().map(upstream -> scrape(upstream, names)).toList();
        return Future.join(scrapes).otherwiseEmpty().map(done -> {
            Map<Upstream, List<Sample>> answered = new EnumMap<>(Upstream.class);
            for (int i = 0; i < upstreams.size(); i++) {
                if (scrapes.get(i).succeeded()) {
                    answered.put(upstreams.get(i), scrapes.get(i).result());
                }
            }
            return answered;
        });
    }

    private Future<List<Sample>> scrape(Upstream upstream, Set<String> names) {
        long timeout = config.ops().healthTimeout().toMillis();
        RequestOptions request = upstream.target(config.upstreams())
                .setMethod(HttpMethod.GET)
                .setURI(METRICS_PATH)
                .putHeader(HttpHeaders.ACCEPT, TEXT_FORMAT)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout);
        return client.request(request)
                .compose(sent -> sent.send())
                .compose(response -> response.body().compose(body -> response.statusCode() == 200
                        ? Future.succeededFuture(PrometheusText.parse(body.toString(), names))
                        : Future.failedFuture("HTTP " + response.statusCode())));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
