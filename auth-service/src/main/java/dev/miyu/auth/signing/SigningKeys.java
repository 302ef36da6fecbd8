package dev.miyu.auth.signing;

import dev.miyu.auth.config.AuthConfig;
import dev.miyu.auth.persistence.UniqueConstraint;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The RSA keys that sign access tokens and that the JWKS publishes. Either one key from configuration (a Kubernetes
 * Secret; rotating it is the operator's job), or keys generated and rotated here and kept in the database, which
 * every instance reloads each check interval.
 */
@ApplicationScoped
public class SigningKeys {

    private final StoredKeyRepository repository;
    private final Vertx vertx;
    private final RotationPolicy policy;
    private final Optional<SigningKey> configured;
    private volatile List<SigningKey> published = List.of();

    public SigningKeys(StoredKeyRepository repository, Vertx vertx, AuthConfig config) {
        this.repository = repository;
        this.vertx = vertx;
        this.policy = new RotationPolicy(config.signing().maxAge(), config.signing().publishAhead(),
                config.tokens().accessTokenLifetime());
        this.configured = configuredKey(config.signing());
    }

    /** The key to sign with now. */
    public SigningKey current() {
        return policy.signer(published, Instant.now());
    }

    /** Every key whose tokens may still be valid, and a successor that is about to sign. */
    public List<SigningKey> published() {
        return published;
    }

    // Loaded during startup, so that the service never takes a login it cannot sign a token for.
    void loadAtStartup(@Observes StartupEvent event) throws Throwable {
        if (configured.isPresent()) {
            published = List.of(configured.get());
            Log.infof("Signing access tokens with the configured key %s", configured.get().kid());
        } else {
            VertxContextSupport.subscribeAndAwait(this::rotateAndReload);
        }
    }

    @Scheduled(every = "${miyu.auth.signing.check-interval}", delayed = "${miyu.auth.signing.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rotateAndReload() {
        if (configured.isPresent()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return newest()
                .chain(newest -> newest == null || policy.successorDue(newest.createdAt(), now)
                        ? addSuccessor(newest, now)
                        : Uni.createFrom().voidItem())
                .chain(() -> reload(now));
    }

    @WithSession
    Uni<StoredKey> newest() {
        return repository.newest();
    }

    private Uni<Void> addSuccessor(StoredKey predecessor, Instant now) {
        int generation = predecessor == null ? 1 : predecessor.generation() + 1;
        return vertx.executeBlocking(Uni.createFrom().item(RsaKeys::generate), false)
                .chain(privateKey -> insert(SigningKey.of(privateKey, now), generation))
                // Another instance added this generation at the same moment; its key is as good as ours.
                .onFailure(UniqueConstraint::violatedBy).recoverWithNull()
                .replaceWithVoid();
    }

    @WithTransaction
    Uni<Void> insert(SigningKey key, int generation) {
        return repository.persist(new StoredKey(key, generation))
                .chain(() -> repository.retireAllBefore(generation, key.createdAt()))
                .invoke(() -> Log.infof("Added signing key %s (generation %d)", key.kid(), generation))
                .replaceWithVoid();
    }

    @WithTransaction
    Uni<Void> reload(Instant now) {
        Instant expired = policy.retiredKeysExpireBefore(now);
        return repository.deleteRetiredBefore(expired)
                .chain(() -> repository.listPublished(expired))
                .invoke(keys -> published = keys.stream().map(StoredKey::toSigningKey).toList())
                .replaceWithVoid();
    }

    private static Optional<SigningKey> configuredKey(AuthConfig.Signing signing) {
        return signing.privateKey()
                .or(() -> signing.privateKeyFile().map(file -> {
                    try {
                        return Files.readString(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the signing key file " + file, e);
                    }
                }))
                .map(pem -> SigningKey.of(RsaKeys.fromPem(pem), Instant.EPOCH));
    }
}
