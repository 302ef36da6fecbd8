package dev.miyu.relay.events;

import dev.miyu.events.ConnectionOpened;
import dev.miyu.events.EventJson;
import dev.miyu.relay.config.RelayConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Tells the other relay instances that a user connected here, so that they close that user's older socket. Sent
 * straight to Kafka rather than through the outbox: it records no database change, and if it were lost the older
 * socket would merely stay open until its client drops it.
 */
@ApplicationScoped
public class ConnectionSignals {

    private static final Logger LOG = Logger.getLogger(ConnectionSignals.class);

    private final MutinyEmitter<String> emitter;
    private final UUID instanceId;

    public ConnectionSignals(@Channel("relay-signals") MutinyEmitter<String> emitter, RelayConfig config) {
        this.emitter = emitter;
        this.instanceId = config.instanceId();
    }

    public void opened(UUID userId, long generation) {
        ConnectionOpened event = ConnectionOpened.of(userId, instanceId, generation);
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build();
        emitter.sendMessage(Message.of(EventJson.write(event)).addMetadata(metadata))
                .subscribe().with(sent -> { }, failure -> LOG.warnf("ConnectionOpened for %s not sent: %s", userId, failure.toString()));
    }
}
