package dev.miyu.relay.attachment;

import dev.miyu.relay.audit.AuditLog;
import dev.miyu.relay.config.RelayConfig;
import dev.miyu.relay.friends.FriendRepository;
import dev.miyu.relay.limits.RateLimiters;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Encrypted attachment blobs (images, voice clips): stored as uploaded, readable by the uploader and the uploader's
 * friends, deleted after the retention period. The relay cannot read them; the key travels inside a message.
 */
@ApplicationScoped
public class AttachmentService {

    /** Downloads are read from the database and sent in slices of this size, so no blob is held whole. */
    private static final int SLICE = 256 * 1024;
    private static final int READ_CHUNK = 64 * 1024;

    private final AttachmentStore store;
    private final FriendRepository friends;
    private final RateLimiters limits;
    private final RelayConfig config;
    private final AuditLog audit;

    public AttachmentService(AttachmentStore store, FriendRepository friends, RateLimiters limits, RelayConfig config, AuditLog audit) {
        this.store = store;
        this.friends = friends;
        this.limits = limits;
        this.config = config;
        this.audit = audit;
    }

    /**
     * Reads the upload (blocking: call on a worker thread) into one buffer sized from {@code declaredLength} when
     * known, then stores it. At most one copy of the blob is held.
     */
    public Uni<UUID> store(UUID uploaderId, InputStream body, long declaredLength) {
        limits.uploads().take(uploaderId);
        long max = config.attachments().maxSize().asLongValue();
        Buffer data = Buffer.buffer((int) Math.min(Math.max(declaredLength, READ_CHUNK), max));
        byte[] chunk = new byte[READ_CHUNK];
        try {
            for (int n = body.read(chunk); n != -1; n = body.read(chunk)) {
                if (data.length() + n > max) {
                    throw new AttachmentTooLargeException(max);
                }
                data.appendBytes(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the upload failed", e);
        }
        if (data.length() == 0) {
            throw new EmptyAttachmentException();
        }
        UUID id = UUID.randomUUID();
        return store.insert(id, uploaderId, data)
                .invoke(() -> audit.record("attachment.stored", "success", uploaderId, id))
                .replaceWith(id);
    }

    /** The attachment if the reader uploaded it or is a friend of its uploader; otherwise not found. */
    public Uni<StoredAttachment> open(UUID id, UUID readerId) {
        return store.find(id).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(new AttachmentNotFoundException());
            }
            StoredAttachment attachment = found.get();
            Uni<Boolean> allowed = attachment.uploaderId().equals(readerId)
                    ? Uni.createFrom().item(true)
                    : friends.areFriends(attachment.uploaderId(), readerId);
            return allowed.chain(yes -> yes
                    ? Uni.createFrom().item(attachment)
                    : Uni.createFrom().failure(new AttachmentNotFoundException()));
        });
    }

    /** The blob's bytes, slice by slice, each read when the previous one has been written. */
    public Multi<Buffer> content(StoredAttachment attachment) {
        long slices = (attachment.size() + SLICE - 1) / SLICE;
        return Multi.createFrom().range(0, (int) slices)
                .onItem().transformToUniAndConcatenate(i -> store.slice(attachment.id(), (long) i * SLICE, SLICE));
    }

    @Scheduled(every = "${miyu.relay.attachments.cleanup-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteExpired() {
        return store.deleteOlderThan(config.attachments().retention())
                .invoke(count -> {
                    if (count > 0) {
                        audit.recordCount("attachments.expired", null, null, count);
                    }
                })
                .replaceWithVoid();
    }
}
