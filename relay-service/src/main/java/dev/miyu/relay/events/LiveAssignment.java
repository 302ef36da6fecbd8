package dev.miyu.relay.events;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Tracks which partitions the live consumer reads. It starts at the latest offset, so anything published before its
 * partitions are assigned and positioned is never pushed: the instance is ready only once that is done.
 */
@ApplicationScoped
@Identifier("relay-live")
public class LiveAssignment implements KafkaConsumerRebalanceListener {

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Resolving the position now fixes "latest" at this moment instead of at the first fetch.
        partitions.forEach(consumer::position);
        assigned.addAll(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    public Set<String> topics() {
        return assigned.stream().map(TopicPartition::topic).collect(Collectors.toUnmodifiableSet());
    }
}
