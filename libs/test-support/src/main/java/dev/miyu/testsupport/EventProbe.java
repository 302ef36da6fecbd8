package dev.miyu.testsupport;

import dev.miyu.events.EventJson;
import dev.miyu.events.MiyuEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/** Publishes events to the real broker and reads them back in tests, polling with a deadline. */
public final class EventProbe {

    private EventProbe() {
    }

    /** Publishes events as a producing service would (keyed, acks=all) and waits for the broker's acknowledgement. */
    public static void publish(MiyuEvent... events) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (MiyuEvent event : events) {
                producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.write(event))).get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the first event on the topic (from its beginning) that matches, or fails after the timeout. */
    public static <T extends MiyuEvent> T await(String topic, Class<T> type, Predicate<T> match, Duration timeout) {
        List<T> found = awaitAll(topic, type, match, 1, timeout);
        return found.get(0);
    }

    /** Waits for the first record on the topic whose event matches, for tests that look at its key or headers. */
    public static ConsumerRecord<String, String> awaitRecord(String topic, Predicate<MiyuEvent> match, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    if (match.test(EventJson.read(record.value()))) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout);
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
