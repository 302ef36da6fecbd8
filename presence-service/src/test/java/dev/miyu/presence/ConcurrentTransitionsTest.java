package dev.miyu.presence;

import dev.miyu.events.PresenceChanged;
import dev.miyu.presence.online.Heartbeat;
import dev.miyu.presence.online.PresenceService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

/**
 * Drives the transition logic the way several instances would: many transactions at once, each on its own
 * connection, for the same user. Each transition must still produce exactly one event.
 */
@QuarkusTest
class ConcurrentTransitionsTest {

    private static final Duration EVENTS = Duration.ofSeconds(30);

    private final PresenceTable table = new PresenceTable("miyu_presence");
    private ExecutorService threads;

    @Inject
    PresenceService presence;

    @BeforeEach
    void startThreads() {
        threads = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void parallelHeartbeatsAndParallelSweepsPublishOneEventPerTransition() throws Exception {
        TestUser uma = TestUser.fresh("uma");

        inParallel(16, () -> presence.heartbeat(heartbeat(uma)));
        table.backdate(uma.id());
        inParallel(4, presence::sweep);
        run(() -> presence.heartbeat(heartbeat(uma)));

        List<PresenceChanged> events = PresenceEventLog.until(uma.id(), PresenceEventLog.nth(3), EVENTS);
        assertThat(PresenceEventLog.describe(events), is("on, off, on"));
        assertThat(table.row(uma.id()).get("online"), is(true));
    }

    @Test
    void heartbeatsRacingSweepsForAnExpiredUserNeverDoubleATransition() throws Exception {
        TestUser vic = TestUser.fresh("vic");
        run(() -> presence.heartbeat(heartbeat(vic)));
        table.backdate(vic.id());
        Instant beforeLogout = Instant.now();

        // Either a sweep takes vic offline first and a heartbeat brings them back (off, on), or a heartbeat refreshes
        // them first and no sweep may touch them; never anything else.
        List<Supplier<Uni<Void>>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(() -> presence.heartbeat(heartbeat(vic)));
            racers.add(presence::sweep);
        }
        inParallel(racers);
        run(() -> presence.leave(vic.id()));

        List<PresenceChanged> events = PresenceEventLog.until(vic.id(),
                e -> !e.online() && !e.lastActive().isBefore(beforeLogout), EVENTS);
        assertThat(PresenceEventLog.describe(events), anyOf(is("on, off"), is("on, off, on, off")));
    }

    private static Heartbeat heartbeat(TestUser user) {
        return new Heartbeat(user.id(), user.name(), "198.51.100.1", "concurrency-test");
    }

    private void inParallel(int copies, Supplier<Uni<Void>> action) throws Exception {
        List<Supplier<Uni<Void>>> actions = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            actions.add(action);
        }
        inParallel(actions);
    }

    /** Starts every action at the same moment, each on its own Vert.x context (and so its own session), and waits. */
    private void inParallel(List<Supplier<Uni<Void>>> actions) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> running = new ArrayList<>();
        for (Supplier<Uni<Void>> action : actions) {
            running.add(threads.submit(() -> {
                start.await();
                run(action);
                return null;
            }));
        }
        start.countDown();
        for (Future<Void> future : running) {
            future.get();
        }
    }

    private static void run(Supplier<Uni<Void>> action) {
        try {
            VertxContextSupport.subscribeAndAwait(action::get);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
