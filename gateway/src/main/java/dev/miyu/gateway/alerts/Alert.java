package dev.miyu.gateway.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One active alert as /ops/alerts and the webhooks show it. {@code since} is when its condition began, not when it
 * fired, so "not ready since" reads as the time the service went down. Labels only ever name a service or a Kafka
 * client: the endpoint is not behind a login.
 */
public record Alert(String name, String severity, String summary, Instant since, Map<String, String> labels) {

    public Alert {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** What makes two evaluations' alerts the same alert. */
    Key key() {
        return new Key(name, labels);
    }

    record Key(String name, Map<String, String> labels) {
    }
}
