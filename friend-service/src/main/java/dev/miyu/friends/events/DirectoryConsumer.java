package dev.miyu.friends.events;

import dev.miyu.eventing.Inbox;
import dev.miyu.events.AccountDeleted;
import dev.miyu.events.AccountRegistered;
import dev.miyu.events.KeyBundlePublished;
import dev.miyu.events.MiyuEvent;
import dev.miyu.events.PresenceChanged;
import dev.miyu.friends.directory.DirectoryService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds the directory from the account, key and presence topics; each event is applied once (Inbox). */
@ApplicationScoped
public class DirectoryConsumer {

    private final Inbox inbox;
    private final DirectoryService directory;

    public DirectoryConsumer(Inbox inbox, DirectoryService directory) {
        this.inbox = inbox;
        this.directory = directory;
    }

    @Incoming("directory")
    public Uni<Void> onEvent(ConsumerRecord<String, String> record) {
        return inbox.consume(record, this::apply);
    }

    private Uni<Void> apply(MiyuEvent event) {
        if (event instanceof AccountRegistered registered) {
            return directory.applyRegistered(registered);
        }
        if (event instanceof AccountDeleted deleted) {
            return directory.applyDeleted(deleted);
        }
        if (event instanceof KeyBundlePublished published) {
            return directory.applyKeyPublished(published);
        }
        if (event instanceof PresenceChanged changed) {
            return directory.applyPresence(changed);
        }
        // The topics are shared: other event types on them are not this service's business.
        return Uni.createFrom().voidItem();
    }
}
