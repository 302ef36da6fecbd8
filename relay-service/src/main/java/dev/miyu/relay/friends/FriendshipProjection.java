package dev.miyu.relay.friends;

import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.FriendshipRemoved;
import dev.miyu.events.UserRef;
import dev.miyu.relay.audit.AuditLog;
import dev.miyu.relay.queue.EnvelopeRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Keeps the friend pairs the relay checks before queueing an envelope, from miyu.friendships. Both directions are
 * stored. Created and removed events of one pair may be keyed by different users and so arrive out of order; each
 * change carries its event time and an older change never overwrites a newer one.
 * Runs inside the Inbox transaction that records the event as processed.
 */
@ApplicationScoped
public class FriendshipProjection {

    private final FriendRepository friends;
    private final EnvelopeRepository envelopes;
    private final AuditLog audit;

    public FriendshipProjection(FriendRepository friends, EnvelopeRepository envelopes, AuditLog audit) {
        this.friends = friends;
        this.envelopes = envelopes;
        this.audit = audit;
    }

    public Uni<Void> created(FriendshipCreated event) {
        return pair(event.a(), event.b(), true, event.occurredAt()).replaceWithVoid();
    }

    /** Ends the friendship and purges what is still queued between the two, in both directions. */
    public Uni<Void> removed(FriendshipRemoved event) {
        return pair(event.a(), event.b(), false, event.occurredAt())
                .chain(changed -> changed
                        ? envelopes.purgeBetween(event.a().userId(), event.b().userId())
                                .invoke(purged -> audit.recordCount("queue.purged", event.a().userId(), event.b().userId(), purged))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }

    private Uni<Boolean> pair(UserRef a, UserRef b, boolean active, Instant at) {
        return friends.record(a.userId(), b, active, at)
                .chain(aChanged -> friends.record(b.userId(), a, active, at).map(bChanged -> aChanged || bChanged));
    }
}
