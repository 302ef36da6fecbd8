package dev.miyu.testsupport;

import dev.miyu.events.EventJson;
import dev.miyu.events.MiyuEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads events back from the real broker in tests, polling with a deadline. */
public final class EventProbe {

    private EventProbe() {
    }

    /** Waits for the first event on the topic (from its beginning) that matches, or fails after the timeout. */
    public static <T extends MiyuEvent> T await(String topic, Class<T> type, Predicate<T> match, Duration timeout) {
        List<T> found = awaitAll(topic, type, match, 1, timeout);
        return found.get(0);
    }

    /** Collects matching events until {@code count} were seen, or fails after the timeout. */
    public static <T extends MiyuEvent> List<T> awaitAll(String topic, Class<T> type, Predicate<T> match, int count, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var found = new java.util.ArrayList<T>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    MiyuEvent event = EventJson.read(record.value());
                    if (type.isInstance(event) && match.test(type.cast(event))) {
                        found.add(type.cast(event));
                        if (found.size() >= count) {
                            return found;
                        }
                    }
                }
            }
        }
        throw new AssertionError("expected " + count + " " + type.getSimpleName() + " on " + topic
                + " within " + timeout + ", saw " + found.size());
    }
}
