package dev.miyu.keys.bundle;

import dev.miyu.eventing.Outbox;
import dev.miyu.events.KeyBundlePublished;
import dev.miyu.keys.audit.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** The public-key directory: verifies and versions bundles, announces each new one on {@code miyu.keys}. */
@ApplicationScoped
public class KeyBundleService {

    private static final String PUBLISH = "key-bundle.publish";

    private final BundleVerifier verifier;
    private final KeyOwnerRepository owners;
    private final KeyBundleRepository bundles;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Counter published;

    public KeyBundleService(BundleVerifier verifier, KeyOwnerRepository owners, KeyBundleRepository bundles,
                            Outbox outbox, AuditLog audit, MeterRegistry registry) {
        this.verifier = verifier;
        this.owners = owners;
        this.bundles = bundles;
        this.outbox = outbox;
        this.audit = audit;
        this.published = Counter.builder("miyu.key.bundles.published")
                .description("Key bundles that became a user's current bundle")
                .register(registry);
    }

    /**
     * Makes the bundle the caller's current one. A bundle with the same keys as the current one (same fingerprint;
     * ECDSA signatures differ on every signing) is already current: nothing is stored or announced.
     * Auditing and counting happen after {@link #record} has committed.
     */
    public Uni<Publication> publish(UUID userId, String username, BundleSubmission submission) {
        return Uni.createFrom().item(() -> verifier.verify(username, submission))
                .chain(bundle -> record(userId, username, bundle))
                .invoke(publication -> {
                    KeyBundle bundle = publication.bundle();
                    if (publication.created()) {
                        published.increment();
                    }
                    audit.record(PUBLISH, userId, publication.created() ? "published" : "unchanged",
                            "username=" + username + " version=" + bundle.version() + " fingerprint=" + bundle.fingerprint());
                })
                .onFailure().invoke(failure -> audit.record(PUBLISH, userId, outcome(failure),
                        "username=" + username + " reason=" + reason(failure)));
    }

    /** Runs in its own transaction: ArC intercepts self-invocation of non-private methods. */
    @WithTransaction
    Uni<Publication> record(UUID userId, String username, VerifiedBundle bundle) {
        return owners.lockOrCreate(userId, username).chain(owner -> {
            if (owner == null) {
                throw new UsernameConflictException("username " + username + " already has keys under another account");
            }
            if (!owner.username().equals(username)) {
                throw new UsernameConflictException("this account's keys are published under the username " + owner.username());
            }
            return bundles.findVersion(userId, owner.currentVersion()).chain(current -> {
                if (current != null && current.fingerprint().equals(bundle.fingerprint())) {
                    return Uni.createFrom().item(new Publication(current, false));
                }
                KeyBundle next = new KeyBundle(userId, username, owner.currentVersion() + 1, bundle,
                        Instant.now().truncatedTo(ChronoUnit.MICROS));
                owner.advanceTo(next.version());
                return bundles.persist(next)
                        .chain(() -> outbox.add(KeyBundlePublished.of(userId, username, next.version(), next.fingerprint())))
                        .replaceWith(new Publication(next, true));
            });
        });
    }

    @WithSession
    public Uni<KeyBundle> current(String username) {
        return owners.findByUsername(username)
                .onItem().ifNull().failWith(() -> new NoKeyBundleException(username))
                .chain(owner -> bundles.findVersion(owner.userId(), owner.currentVersion()));
    }

    @WithSession
    public Uni<List<KeyBundle>> history(String username) {
        return owners.findByUsername(username)
                .onItem().ifNull().failWith(() -> new NoKeyBundleException(username))
                .chain(owner -> bundles.history(owner.userId()));
    }

    private static String outcome(Throwable failure) {
        return failure instanceof InvalidKeyBundleException || failure instanceof UsernameConflictException ? "rejected" : "failed";
    }

    private static String reason(Throwable failure) {
        return failure instanceof InvalidKeyBundleException invalid
                ? "invalid " + String.join(",", invalid.problems().keySet())
                : failure.getClass().getSimpleName();
    }
}
