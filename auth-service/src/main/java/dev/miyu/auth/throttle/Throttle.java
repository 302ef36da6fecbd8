package dev.miyu.auth.throttle;

import dev.miyu.auth.config.AuthConfig;
import dev.miyu.auth.config.AuthConfig.Throttle.Limit;
import dev.miyu.auth.throttle.ThrottleEvent.Kind;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sliding-window limits on failed logins (per username and per client IP) and on registrations (per client IP).
 * They are counted in the database so that they hold across instances. Requests in flight at the same moment can
 * overshoot a limit by their number; that is accepted in exchange for taking no locks. There is no global lockout.
 */
@ApplicationScoped
public class Throttle {

    private final ThrottleEventRepository events;
    private final Limit loginFailures;
    private final Limit registrations;

    public Throttle(ThrottleEventRepository events, AuthConfig config) {
        this.events = events;
        this.loginFailures = config.throttle().loginFailures();
        this.registrations = config.throttle().registrations();
    }

    /** Fails with {@link TooManyAttemptsException} while the username or the client IP has too many failed logins. */
    @WithSession
    public Uni<Void> checkLogin(String username, String clientIp) {
        Instant now = Instant.now();
        return waitFor(Kind.LOGIN_FAILURE_BY_USERNAME, username, loginFailures, now)
                .chain(byUsername -> waitFor(Kind.LOGIN_FAILURE_BY_IP, clientIp, loginFailures, now)
                        .map(byIp -> byIp.compareTo(byUsername) > 0 ? byIp : byUsername))
                .invoke(wait -> {
                    if (!wait.isZero()) {
                        throw new TooManyAttemptsException(wait);
                    }
                })
                .replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> recordLoginFailure(String username, String clientIp) {
        Instant now = Instant.now();
        return events.persist(
                new ThrottleEvent(Kind.LOGIN_FAILURE_BY_USERNAME, username, now),
                new ThrottleEvent(Kind.LOGIN_FAILURE_BY_IP, clientIp, now));
    }

    /**
     * A successful login forgives the username's failures. The client IP's failures stay, or an attacker could
     * reset them by logging into an account of their own between guesses.
     */
    @WithTransaction
    public Uni<Void> forgiveLoginFailures(String username) {
        return events.deleteAll(Kind.LOGIN_FAILURE_BY_USERNAME, username).replaceWithVoid();
    }

    /** Counts a registration from the client IP, or fails with {@link TooManyAttemptsException} over the limit. */
    @WithTransaction
    public Uni<Void> admitRegistration(String clientIp) {
        Instant now = Instant.now();
        return waitFor(Kind.REGISTRATION_BY_IP, clientIp, registrations, now)
                .chain(wait -> {
                    if (!wait.isZero()) {
                        return Uni.createFrom().failure(new TooManyAttemptsException(wait));
                    }
                    return events.persist(new ThrottleEvent(Kind.REGISTRATION_BY_IP, clientIp, now)).replaceWithVoid();
                });
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @WithTransaction
    Uni<Void> purgeExpired() {
        Duration longest = loginFailures.window().compareTo(registrations.window()) > 0
                ? loginFailures.window() : registrations.window();
        return events.deleteOlderThan(Instant.now().minus(longest)).replaceWithVoid();
    }

    /** Zero while the subject is under the limit; otherwise how long until its oldest counted event leaves the window. */
    private Uni<Duration> waitFor(Kind kind, String subject, Limit limit, Instant now) {
        return events.newestSince(kind, subject, now.minus(limit.window()), limit.max())
                .map(newest -> newest.size() < limit.max()
                        ? Duration.ZERO
                        : Duration.between(now, oldestCounted(newest).plus(limit.window())));
    }

    private static Instant oldestCounted(List<ThrottleEvent> newestFirst) {
        return newestFirst.get(newestFirst.size() - 1).occurredAt();
    }
}
