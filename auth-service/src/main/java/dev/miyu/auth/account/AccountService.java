package dev.miyu.auth.account;

import dev.miyu.auth.audit.AuditLog;
import dev.miyu.auth.audit.AuditLog.Action;
import dev.miyu.auth.audit.AuditLog.Outcome;
import dev.miyu.auth.persistence.UniqueConstraint;
import dev.miyu.auth.throttle.Throttle;
import dev.miyu.auth.throttle.TooManyAttemptsException;
import dev.miyu.auth.token.IssuedTokens;
import dev.miyu.auth.token.TokenService;
import dev.miyu.eventing.Outbox;
import dev.miyu.events.AccountRegistered;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Registration and login. Argon2id runs on worker threads, outside any transaction, so it neither blocks the event
 * loop nor holds a database connection.
 */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final Outbox outbox;
    private final SecretHasher hasher;
    private final Throttle throttle;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Vertx vertx;
    private final Counter registrations;
    private final Map<Outcome, Counter> logins = new EnumMap<>(Outcome.class);

    public AccountService(AccountRepository accounts, Outbox outbox, SecretHasher hasher, Throttle throttle,
                          TokenService tokens, AuditLog audit, Vertx vertx, MeterRegistry metrics) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.hasher = hasher;
        this.throttle = throttle;
        this.tokens = tokens;
        this.audit = audit;
        this.vertx = vertx;
        this.registrations = Counter.builder("miyu.registrations").description("Accounts registered").register(metrics);
        for (Outcome outcome : Outcome.values()) {
            logins.put(outcome, Counter.builder("miyu.logins").description("Login attempts by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(metrics));
        }
    }

    /** Usernames are case-insensitive: they are compared and stored in lower case. */
    private static String normalise(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /**
     * Creates the account and queues {@link AccountRegistered} in the same transaction. Fails with
     * {@link UsernameTakenException} or {@link TooManyAttemptsException}.
     */
    public Uni<Account> register(String username, String email, byte[] authSecret, String clientIp) {
        String name = normalise(username);
        return throttle.admitRegistration(clientIp)
                .chain(() -> findByUsername(name))
                .chain(existing -> existing != null
                        ? Uni.createFrom().<String>failure(new UsernameTakenException())
                        : offload(() -> hasher.hash(authSecret)))
                .chain(verifier -> create(new Account(UUID.randomUUID(), name, email, verifier, Instant.now())))
                .onFailure(UniqueConstraint::violatedBy).transform(raced -> new UsernameTakenException())
                .invoke(account -> {
                    registrations.increment();
                    audit.record(Action.REGISTER, Outcome.SUCCESS, null, account.id(), account.username(), clientIp);
                })
                .onFailure(UsernameTakenException.class).invoke(() ->
                        audit.record(Action.REGISTER, Outcome.FAILURE, "username-taken", null, name, clientIp))
                .onFailure(TooManyAttemptsException.class).invoke(() ->
                        audit.record(Action.REGISTER, Outcome.THROTTLED, null, null, name, clientIp));
    }

    /**
     * Checks the auth secret and issues tokens. An unknown username and a wrong secret fail alike, in about the same
     * time, with {@link InvalidCredentialsException}; {@link TooManyAttemptsException} while throttled.
     */
    public Uni<IssuedTokens> login(String username, byte[] authSecret, String clientIp) {
        String name = normalise(username);
        return throttle.checkLogin(name, clientIp)
                .chain(() -> findByUsername(name))
                .chain(account -> offload(() -> account == null
                                ? verifyUnknown(authSecret)
                                : hasher.verify(authSecret, account.verifier()))
                        .chain(valid -> valid
                                ? completeLogin(account, authSecret, clientIp)
                                : failLogin(name, account, clientIp)))
                .onFailure(TooManyAttemptsException.class).invoke(() -> {
                    countLogin(Outcome.THROTTLED);
                    audit.record(Action.LOGIN, Outcome.THROTTLED, null, null, name, clientIp);
                });
    }

    @WithSession
    Uni<Account> findByUsername(String username) {
        return accounts.findByUsername(username);
    }

    @WithTransaction
    Uni<Account> create(Account account) {
        return accounts.persist(account)
                .call(() -> outbox.add(AccountRegistered.of(account.id(), account.username(), account.createdAt())));
    }

    /** Replaces a verifier made at an outdated cost, now that the secret is at hand, and forgives earlier failures. */
    @WithTransaction
    Uni<Void> recordSuccess(Account account, String upgradedVerifier) {
        Uni<Integer> upgrade = upgradedVerifier == null
                ? Uni.createFrom().item(0)
                : accounts.replaceVerifier(account.id(), upgradedVerifier);
        return upgrade.chain(() -> throttle.forgiveLoginFailures(account.username()));
    }

    private Uni<IssuedTokens> completeLogin(Account account, byte[] authSecret, String clientIp) {
        Uni<String> upgradedVerifier = hasher.needsUpgrade(account.verifier())
                ? offload(() -> hasher.hash(authSecret))
                : Uni.createFrom().nullItem();
        return upgradedVerifier
                .chain(verifier -> recordSuccess(account, verifier))
                .chain(() -> tokens.startSession(account))
                .invoke(() -> {
                    countLogin(Outcome.SUCCESS);
                    audit.record(Action.LOGIN, Outcome.SUCCESS, null, account.id(), account.username(), clientIp);
                });
    }

    private Uni<IssuedTokens> failLogin(String username, Account account, String clientIp) {
        return throttle.recordLoginFailure(username, clientIp)
                .invoke(() -> {
                    countLogin(Outcome.FAILURE);
                    audit.record(Action.LOGIN, Outcome.FAILURE, account == null ? "unknown-username" : "wrong-secret",
                            account == null ? null : account.id(), username, clientIp);
                })
                .chain(() -> Uni.createFrom().<IssuedTokens>failure(new InvalidCredentialsException()));
    }

    private boolean verifyUnknown(byte[] authSecret) {
        hasher.verifyUnknownAccount(authSecret);
        return false;
    }

    private void countLogin(Outcome outcome) {
        logins.get(outcome).increment();
    }

    /** Runs CPU-heavy work on a worker thread; the result comes back on the caller's Vert.x context. */
    private <T> Uni<T> offload(Supplier<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(work), false);
    }
}
