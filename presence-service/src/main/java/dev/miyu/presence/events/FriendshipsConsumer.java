package dev.miyu.presence.events;

import dev.miyu.eventing.Inbox;
import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.FriendshipRemoved;
import dev.miyu.events.MiyuEvent;
import dev.miyu.presence.friendship.FriendshipRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the friendship projection, which decides who may see whose presence, in step with miyu.friendships. */
@ApplicationScoped
public class FriendshipsConsumer {

    private final Inbox inbox;
    private final FriendshipRepository friendships;

    FriendshipsConsumer(Inbox inbox, FriendshipRepository friendships) {
        this.inbox = inbox;
        this.friendships = friendships;
    }

    @Incoming("friendships")
    public Uni<Void> onFriendship(ConsumerRecord<String, String> record) {
        return inbox.consume(record, this::apply);
    }

    /** Requests and declines do not let anyone see anything, so only created and removed friendships count. */
    private Uni<Void> apply(MiyuEvent event) {
        if (event instanceof FriendshipCreated created) {
            return friendships.record(created.a(), created.b(), true, created.occurredAt());
        }
        if (event instanceof FriendshipRemoved removed) {
            return friendships.record(removed.a(), removed.b(), false, removed.occurredAt());
        }
        return Uni.createFrom().voidItem();
    }
}
