package dev.miyu.eventing;

import dev.miyu.events.EventJson;
import dev.miyu.events.MiyuEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/**
 * Applies each consumed event at most once: the event id goes into {@code processed_events} in the same transaction
 * as the effect, so a redelivered event (Kafka is at-least-once) changes nothing. Transient failures are retried
 * with backoff, so the offset is committed only after the effect is durable.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    /**
     * Applies the record's event once, with the request id of the action that caused it (Kafka header) in the
     * logging context; a record that is not a MiYu event is logged and skipped.
     */
    public Uni<Void> consume(ConsumerRecord<String, String> record, Function<MiyuEvent, Uni<Void>> effect) {
        Header requestId = record.headers().lastHeader(RequestIds.HEADER);
        RequestIds.adopt(requestId == null ? null : new String(requestId.value(), StandardCharsets.UTF_8));
        return consume(record.value(), effect);
    }

    /** Parses a record value and applies {@code effect} once; a record that is not a MiYu event is logged and skipped. */
    public Uni<Void> consume(String payload, Function<MiyuEvent, Uni<Void>> effect) {
        MiyuEvent event;
        try {
            event = EventJson.read(payload);
        } catch (EventJson.MalformedEventException e) {
            LOG.warnf("skipping a record that is not a MiYu event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return once(event, effect)
                .onFailure().invoke(e -> LOG.warnf("applying %s %s failed, will retry: %s", event.type(), event.eventId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    private Uni<Void> once(MiyuEvent event, Function<MiyuEvent, Uni<Void>> effect) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO processed_events (event_id) SELECT ?1 "
                                + "WHERE NOT EXISTS (SELECT 1 FROM processed_events WHERE event_id = ?1)")
                        .setParameter(1, event.eventId())
                        .executeUpdate())
                .chain(inserted -> inserted == 1 ? effect.apply(event) : Uni.createFrom().voidItem()));
    }
}
