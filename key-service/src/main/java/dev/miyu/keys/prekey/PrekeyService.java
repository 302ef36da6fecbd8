package dev.miyu.keys.prekey;

import dev.miyu.eventing.Outbox;
import dev.miyu.events.PrekeysLow;
import dev.miyu.keys.audit.AuditLog;
import dev.miyu.keys.bundle.InvalidKeyBundleException;
import dev.miyu.keys.bundle.KeyBundle;
import dev.miyu.keys.bundle.KeyBundleRepository;
import dev.miyu.keys.bundle.KeyOwner;
import dev.miyu.keys.bundle.KeyOwnerRepository;
import dev.miyu.keys.bundle.NoKeyBundleException;
import dev.miyu.keys.bundle.UsernameConflictException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * The prekey half of the key directory (issue 13): stores a user's signed and one-time prekeys after checking their
 * signatures against the user's current bundle, hands each one-time prekey to exactly one sender, and announces a
 * running-low stock on {@code miyu.keys}.
 */
@ApplicationScoped
public class PrekeyService {

    private static final String UPLOAD = "prekeys.upload";

    private final PrekeyVerifier verifier;
    private final PrekeyRepository prekeys;
    private final KeyOwnerRepository owners;
    private final KeyBundleRepository bundles;
    private final Outbox outbox;
    private final AuditLog audit;
    private final PrekeysConfig config;

    public PrekeyService(PrekeyVerifier verifier, PrekeyRepository prekeys, KeyOwnerRepository owners,
                         KeyBundleRepository bundles, Outbox outbox, AuditLog audit, PrekeysConfig config) {
        this.verifier = verifier;
        this.prekeys = prekeys;
        this.owners = owners;
        this.bundles = bundles;
        this.outbox = outbox;
        this.audit = audit;
        this.config = config;
    }

    /**
     * Replaces the signed prekey (if it changed) and adds the one-time prekeys. The owner row is locked, so uploads and
     * bundle publishes of one user take turns and the stock limit holds. Nothing is stored unless every key verifies.
     */
    @WithTransaction
    public Uni<PrekeyStock> upload(UUID userId, String username, PrekeyUpload upload) {
        return owners.findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> new NoKeyBundleException(username))
                .chain(owner -> currentBundle(owner, username))
                .chain(bundle -> {
                    verifier.verify(username, bundle.signPublicKey(), upload);
                    String fingerprint = bundle.fingerprint();
                    return prekeys.deleteUnservable(userId, fingerprint, upload.curve())
                            .chain(() -> prekeys.count(userId, fingerprint, upload.curve()))
                            .chain(stored -> {
                                if (stored + upload.oneTimePrekeys().size() > config.maxStock()) {
                                    throw new InvalidKeyBundleException(Map.of("oneTimePrekeys", "at most " + config.maxStock()
                                            + " one-time prekeys may be stored and " + stored + " already are"));
                                }
                                return prekeys.addOneTime(userId, fingerprint, upload.curve(), upload.oneTimePrekeys());
                            })
                            .chain(() -> storeSigned(userId, fingerprint, upload))
                            .chain(signed -> prekeys.count(userId, fingerprint, upload.curve())
                                    .map(left -> new PrekeyStock(upload.curve(), signed.prekey().id(), signed.publishedAt(),
                                            left.intValue())));
                })
                .invoke(stock -> audit.record(UPLOAD, userId, "stored", "curve=" + stock.curve()
                        + " signedPrekeyId=" + stock.signedPrekeyId() + " oneTimePrekeys=" + stock.oneTimePrekeys()))
                .onFailure(InvalidKeyBundleException.class).invoke(failure -> audit.record(UPLOAD, userId, "rejected",
                        "invalid " + String.join(",", ((InvalidKeyBundleException) failure).problems().keySet())));
    }

    /** The owner's stock; all empty (null curve and signed prekey, zero one-time prekeys) until their first upload. */
    @WithSession
    public Uni<PrekeyStock> stock(UUID userId, String username) {
        return owners.findById(userId)
                .onItem().ifNull().failWith(() -> new NoKeyBundleException(username))
                .chain(owner -> currentBundle(owner, username))
                .chain(bundle -> prekeys.signed(userId).chain(signed -> {
                    if (signed == null || !signed.fingerprint().equals(bundle.fingerprint())) {
                        return Uni.createFrom().item(new PrekeyStock(null, null, null, 0));
                    }
                    return prekeys.count(userId, bundle.fingerprint(), signed.curve())
                            .map(left -> new PrekeyStock(signed.curve(), signed.prekey().id(), signed.publishedAt(), left.intValue()));
                }));
    }

    /**
     * The recipient's bundle with their signed prekey and one one-time prekey, which is deleted in this transaction.
     * A signed prekey made for an older bundle is not served. Leaving fewer than {@code lowStock} one-time prekeys
     * records a {@link PrekeysLow} event in the same transaction.
     */
    @WithTransaction
    public Uni<PrekeyBundle> take(String username) {
        return owners.findByUsername(username)
                .onItem().ifNull().failWith(() -> new NoKeyBundleException(username))
                .chain(owner -> bundles.findVersion(owner.userId(), owner.currentVersion()).chain(bundle -> prekeys.signed(owner.userId())
                        .chain(signed -> {
                            if (signed == null || !signed.fingerprint().equals(bundle.fingerprint())) {
                                return Uni.createFrom().item(new PrekeyBundle(bundle, null, null, null));
                            }
                            return prekeys.takeOneTime(owner.userId(), bundle.fingerprint(), signed.curve())
                                    .chain(oneTime -> oneTime == null
                                            ? Uni.createFrom().item(new PrekeyBundle(bundle, signed.curve(), signed.prekey(), null))
                                            : announceIfLow(owner.userId(), bundle.fingerprint(), signed.curve())
                                                    .replaceWith(new PrekeyBundle(bundle, signed.curve(), signed.prekey(), oneTime)));
                        })));
    }

    private Uni<Void> announceIfLow(UUID userId, String fingerprint, String curve) {
        return prekeys.count(userId, fingerprint, curve).chain(left -> left < config.lowStock()
                ? outbox.add(PrekeysLow.of(userId, left.intValue()))
                : Uni.createFrom().voidItem());
    }

    private Uni<KeyBundle> currentBundle(KeyOwner owner, String username) {
        if (!owner.username().equals(username)) {
            throw new UsernameConflictException("this account's keys are published under the username " + owner.username());
        }
        return bundles.findVersion(owner.userId(), owner.currentVersion())
                .onItem().ifNull().failWith(() -> new NoKeyBundleException(username));
    }

    private Uni<SignedPrekey> storeSigned(UUID userId, String fingerprint, PrekeyUpload upload) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return prekeys.signed(userId).chain(current -> {
            if (current == null) {
                SignedPrekey created = new SignedPrekey(userId, fingerprint, upload.curve(), upload.signedPrekey(), now);
                return prekeys.persist(created).replaceWith(created);
            }
            if (!current.holds(fingerprint, upload.curve(), upload.signedPrekey())) {
                current.replaceWith(fingerprint, upload.curve(), upload.signedPrekey(), now);
            }
            return Uni.createFrom().item(current);
        });
    }
}
