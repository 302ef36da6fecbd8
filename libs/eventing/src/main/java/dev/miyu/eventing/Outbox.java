package dev.miyu.eventing;

import dev.miyu.events.EventJson;
import dev.miyu.events.MiyuEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records an event in the caller's database transaction (table {@code outbox}); {@link OutboxRelay} publishes it
 * once that transaction has committed. A crash between commit and send therefore delays the event, never loses it.
 */
@ApplicationScoped
public class Outbox {

    /** Must be called inside the transaction that makes the change the event describes. */
    public Uni<Void> add(MiyuEvent event) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("INSERT INTO outbox (topic, record_key, payload, request_id) VALUES (?1, ?2, ?3, ?4)")
                        .setParameter(1, event.topic())
                        .setParameter(2, event.key())
                        .setParameter(3, EventJson.write(event))
                        .setParameter(4, RequestIds.current())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
