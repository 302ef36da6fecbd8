package dev.miyu.gateway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.miyu.gateway.alerts.PrometheusText.Sample;

class PrometheusTextTest {

    @Test
    void readsTheNamedSeriesWithTheirLabelsAndSkipsTheRest() {
        String page = """
                # HELP miyu_logins Login attempts by outcome
                # TYPE miyu_logins counter
                miyu_logins_total{outcome="failure"} 12.0
                miyu_logins_total{outcome="success"} 40.0
                miyu_logins_created{outcome="failure"} 1.7E9
                miyu_registrations_total 3.0
                """;
        assertEquals(List.of(
                new Sample("miyu_logins_total", Map.of("outcome", "failure"), 12),
                new Sample("miyu_logins_total", Map.of("outcome", "success"), 40)),
                PrometheusText.parse(page, Set.of("miyu_logins_total")));
    }

    @Test
    void readsSeriesWithoutLabelsAndWithTimestamps() {
        String page = "miyu_relay_queue_depth 17 1700000000000\n";
        assertEquals(List.of(new Sample("miyu_relay_queue_depth", Map.of(), 17)),
                PrometheusText.parse(page, Set.of("miyu_relay_queue_depth")));
    }

    @Test
    void labelValuesMayHoldEscapesCommasAndBraces() {
        String page = "kafka_consumer_fetch_manager_records_lag_max{client_id=\"a,b}\\\"c\\\\\",kafka_version=\"4.1.2\",} 5.0\n";
        Sample sample = PrometheusText.parse(page, Set.of(AlertRules.CONSUMER_LAG)).get(0);
        assertEquals(Map.of("client_id", "a,b}\"c\\", "kafka_version", "4.1.2"), sample.labels());
        assertEquals(5, sample.value());
    }

    @Test
    void specialValuesAreRead() {
        String page = "lag{c=\"1\"} NaN\nlag{c=\"2\"} +Inf\nlag{c=\"3\"} -Inf\n";
        List<Sample> samples = PrometheusText.parse(page, Set.of("lag"));
        assertTrue(Double.isNaN(samples.get(0).value()));
        assertEquals(Double.POSITIVE_INFINITY, samples.get(1).value());
        assertEquals(Double.NEGATIVE_INFINITY, samples.get(2).value());
    }

    @Test
    void anUnreadableLineDoesNotHideTheOthers() {
        String page = "lag{c=\"1\" 3\nlag{c=unquoted} 4\nlag 0x\nlag{c=\"2\"} 7\n# EOF\n";
        assertEquals(List.of(new Sample("lag", Map.of("c", "2"), 7)), PrometheusText.parse(page, Set.of("lag")));
    }
}
