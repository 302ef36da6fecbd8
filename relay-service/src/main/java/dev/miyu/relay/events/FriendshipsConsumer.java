package dev.miyu.relay.events;

import dev.miyu.eventing.Inbox;
import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.FriendshipRemoved;
import dev.miyu.events.MiyuEvent;
import dev.miyu.relay.friends.FriendshipProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds the friend-pair projection from miyu.friendships, each event once (one consumer group for all instances). */
@ApplicationScoped
public class FriendshipsConsumer {

    private final Inbox inbox;
    private final FriendshipProjection projection;

    public FriendshipsConsumer(Inbox inbox, FriendshipProjection projection) {
        this.inbox = inbox;
        this.projection = projection;
    }

    @Incoming("friendships")
    public Uni<Void> onFriendship(ConsumerRecord<String, String> record) {
        return inbox.consume(record, this::apply);
    }

    private Uni<Void> apply(MiyuEvent event) {
        if (event instanceof FriendshipCreated created) {
            return projection.created(created);
        }
        if (event instanceof FriendshipRemoved removed) {
            return projection.removed(removed);
        }
        return Uni.createFrom().voidItem();
    }
}
