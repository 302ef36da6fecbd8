package dev.miyu.friends;

import dev.miyu.events.AccountDeleted;
import dev.miyu.events.AccountRegistered;
import dev.miyu.events.FriendRequestDeclined;
import dev.miyu.events.FriendshipRemoved;
import dev.miyu.events.KeyBundlePublished;
import dev.miyu.events.MiyuEvent;
import dev.miyu.events.PresenceChanged;
import dev.miyu.events.Topics;
import dev.miyu.testsupport.EventProbe;
import dev.miyu.testsupport.Infra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class ProjectionTest {

    @Inject
    DataSource database;

    @Test
    void aFriendComingOnlineShowsInTheFriendListWithinTwoSeconds() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        alice.befriend(bob);
        Instant lastActive = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JsonPath before = friend(alice, bob);
        assertThat(before.getBoolean("online"), is(false));

        EventProbe.publish(PresenceChanged.of(bob.id(), bob.username(), true, lastActive));

        await().atMost(TestUser.PROJECTION_TIMEOUT).until(() -> friend(alice, bob).getBoolean("online"));
        assertThat(Instant.parse(friend(alice, bob).getString("lastActive")), equalTo(lastActive));
    }

    @Test
    void anOlderPresenceReportNeverOverridesANewerOne() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        alice.befriend(bob);
        Instant now = Instant.now();
        PresenceChanged online = new PresenceChanged(UUID.randomUUID(), now, 1, bob.id(), bob.username(), true, now);
        PresenceChanged staleOffline = new PresenceChanged(UUID.randomUUID(), now.minusSeconds(30), 1, bob.id(),
                bob.username(), false, now.minusSeconds(30));

        EventProbe.publish(online, staleOffline);
        awaitApplied(staleOffline);

        assertThat(friend(alice, bob).getBoolean("online"), is(true));
    }

    @Test
    void theNewestPublishedKeyFingerprintShowsNextToTheFriend() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        alice.befriend(bob);
        KeyBundlePublished second = KeyBundlePublished.of(bob.id(), bob.username(), 2, "fp-second");
        KeyBundlePublished first = KeyBundlePublished.of(bob.id(), bob.username(), 1, "fp-first");

        EventProbe.publish(second, first);
        awaitApplied(first);

        assertThat(friend(alice, bob).getString("fingerprint"), equalTo("fp-second"));
    }

    @Test
    void aRedeliveredRegistrationDoesNotBringBackADeletedAccount() {
        TestUser zoe = new TestUser(UUID.randomUUID(), TestUser.uniqueName("zoe"));
        AccountRegistered registered = AccountRegistered.of(zoe.id(), zoe.username(), Instant.now());
        EventProbe.publish(registered, registered);
        zoe.awaitListed();
        EventProbe.publish(AccountDeleted.of(zoe.id(), zoe.username()));
        await().atMost(TestUser.PROJECTION_TIMEOUT).until(() -> !TestUser.listed(zoe.username()));

        TestUser marker = new TestUser(idOnTheSamePartitionAs(zoe.id()), TestUser.uniqueName("marker"));
        EventProbe.publish(registered, AccountRegistered.of(marker.id(), marker.username(), Instant.now()));
        marker.awaitListed();

        assertThat(TestUser.listed(zoe.username()), is(false));
    }

    @Test
    void aDeletedAccountLeavesNoFriendshipsOrRequestsBehind() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        TestUser carol = TestUser.register("carol");
        alice.befriend(bob);
        UUID carolsRequest = carol.request(alice);

        EventProbe.publish(AccountDeleted.of(alice.id(), alice.username()));

        await().atMost(TestUser.PROJECTION_TIMEOUT).until(() -> bob.friendNames().isEmpty());
        assertThat(carol.outgoingIds(), empty());
        assertThat(TestUser.listed(alice.username()), is(false));
        EventProbe.await(Topics.FRIENDSHIPS, FriendshipRemoved.class,
                event -> Set.of(event.a().userId(), event.b().userId()).equals(Set.of(alice.id(), bob.id())),
                TestUser.EVENT_TIMEOUT);
        FriendRequestDeclined withdrawn = EventProbe.await(Topics.FRIENDSHIPS, FriendRequestDeclined.class,
                event -> event.requestId().equals(carolsRequest), TestUser.EVENT_TIMEOUT);
        assertThat(withdrawn.reason(), equalTo(FriendRequestDeclined.CANCELLED));
        carol.http().body(Map.of("to", alice.username())).post("/api/friends/requests").then().statusCode(404);
        assertThat(TestUser.listed(bob.username()), is(true));
    }

    private static JsonPath friend(TestUser viewer, TestUser friend) {
        return new JsonPath(viewer.http().get("/api/friends").then().statusCode(200).extract().asString())
                .setRootPath("find { it.username == '" + friend.username() + "' }");
    }

    /** Waits until the service has consumed the event (its id is in the processed-events ledger). */
    private void awaitApplied(MiyuEvent event) {
        await().atMost(TestUser.PROJECTION_TIMEOUT).until(() -> {
            try (Connection connection = database.getConnection();
                 PreparedStatement query = connection.prepareStatement("SELECT 1 FROM processed_events WHERE event_id = ?")) {
                query.setObject(1, event.eventId());
                try (ResultSet found = query.executeQuery()) {
                    return found.next();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A fresh user id whose account events land on the same partition as {@code userId}'s, so the consumer handles
     * them after everything published for {@code userId} before. Mirrors Kafka's partitioner for keyed records.
     */
    private static UUID idOnTheSamePartitionAs(UUID userId) {
        int partitions = accountPartitions();
        int target = partition(userId, partitions);
        UUID candidate = UUID.randomUUID();
        while (partition(candidate, partitions) != target) {
            candidate = UUID.randomUUID();
        }
        return candidate;
    }

    private static int partition(UUID key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static int accountPartitions() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            return producer.partitionsFor(Topics.ACCOUNTS).size();
        }
    }
}
