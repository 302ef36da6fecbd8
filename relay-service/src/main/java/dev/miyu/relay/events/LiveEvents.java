package dev.miyu.relay.events;

import dev.miyu.events.ConnectionOpened;
import dev.miyu.events.EnvelopeQueued;
import dev.miyu.events.EventJson;
import dev.miyu.events.FriendRequestDeclined;
import dev.miyu.events.FriendRequested;
import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.FriendshipRemoved;
import dev.miyu.events.KeyBundlePublished;
import dev.miyu.events.MiyuEvent;
import dev.miyu.events.PresenceChanged;
import dev.miyu.events.UserRef;
import dev.miyu.relay.socket.ServerFrame;
import dev.miyu.relay.socket.Sessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns events into pushes to the sockets open on this instance. Every instance reads every event (a consumer
 * group of its own, from the latest offset: only what happens while it runs matters to its sockets). A push is a
 * hint; anything a client must not miss is in the queue or can be fetched again, so a failed push is only logged.
 */
@ApplicationScoped
public class LiveEvents {

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    private final Sessions sessions;

    public LiveEvents(Sessions sessions) {
        this.sessions = sessions;
    }

    @Incoming("live")
    public Uni<Void> onEvent(String payload) {
        MiyuEvent event;
        try {
            event = EventJson.read(payload);
        } catch (EventJson.MalformedEventException e) {
            LOG.warnf("skipping a record that is not a MiYu event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return react(event).onFailure().recoverWithUni(failure -> {
            LOG.warnf("pushing %s %s failed: %s", event.type(), event.eventId(), failure.toString());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> react(MiyuEvent event) {
        if (event instanceof EnvelopeQueued queued) {
            sessions.envelopeQueued(queued.recipientId(), queued.seq());
        } else if (event instanceof ConnectionOpened opened) {
            sessions.replaceOlderThan(opened.userId(), opened.generation());
        } else if (event instanceof PresenceChanged presence) {
            // Presence goes offline when the user signs out (presence-service's /offline): their socket ends too.
            if (!presence.online()) {
                sessions.signOut(presence.userId(), presence.occurredAt());
            }
            return sessions.pushToFriendsOf(presence.userId(),
                    new ServerFrame.Presence(presence.username(), presence.online(), presence.lastActive()));
        } else if (event instanceof KeyBundlePublished key) {
            return sessions.pushToFriendsOf(key.userId(), new ServerFrame.KeyChanged(key.username(), key.fingerprint()));
        } else if (event instanceof FriendRequested requested) {
            toBoth(requested.from(), requested.to(), "requested");
        } else if (event instanceof FriendRequestDeclined declined) {
            toBoth(declined.from(), declined.to(), "declined");
        } else if (event instanceof FriendshipCreated created) {
            toBoth(created.a(), created.b(), "created");
        } else if (event instanceof FriendshipRemoved removed) {
            toBoth(removed.a(), removed.b(), "removed");
        }
        return Uni.createFrom().voidItem();
    }

    private void toBoth(UserRef one, UserRef other, String what) {
        sessions.push(one.userId(), new ServerFrame.Friendship(what, other.username()));
        sessions.push(other.userId(), new ServerFrame.Friendship(what, one.username()));
    }
}
