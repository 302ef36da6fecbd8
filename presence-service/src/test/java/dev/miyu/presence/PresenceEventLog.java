package dev.miyu.presence;

import dev.miyu.events.EventJson;
import dev.miyu.events.MiyuEvent;
import dev.miyu.events.PresenceChanged;
import dev.miyu.events.Topics;
import dev.miyu.testsupport.Infra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Reads one user's PresenceChanged events from the real broker, from the beginning of the topic, up to and
 * including the first that matches {@code last}. Events of one user share a partition, so everything published
 * before that event is in the list: a test ends with a known transition to prove that nothing else came first.
 */
final class PresenceEventLog {

    private PresenceEventLog() {
    }

    static List<PresenceChanged> until(UUID userId, Predicate<PresenceChanged> last, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "presence-log-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<PresenceChanged> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.PRESENCE));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    MiyuEvent event = EventJson.read(record.value());
                    if (event instanceof PresenceChanged changed && changed.userId().equals(userId)) {
                        seen.add(changed);
                        if (last.test(changed)) {
                            return seen;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no matching PresenceChanged for " + userId + " within " + timeout + "; saw " + describe(seen));
    }

    /** Matches the n-th event read (1-based); for ending a log at a known transition that is not the first of its kind. */
    static Predicate<PresenceChanged> nth(int n) {
        int[] seen = {0};
        return event -> ++seen[0] == n;
    }

    /** "on, off, on": the sequence of transitions, for readable assertions. */
    static String describe(List<PresenceChanged> events) {
        return String.join(", ", events.stream().map(e -> e.online() ? "on" : "off").toList());
    }
}
