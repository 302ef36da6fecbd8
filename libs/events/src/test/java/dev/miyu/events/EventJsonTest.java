package dev.miyu.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {

    @Test
    void everyEventSurvivesARoundTripWithItsTypeOnTheWire() {
        UserRef alice = new UserRef(UUID.randomUUID(), "alice");
        UserRef bob = new UserRef(UUID.randomUUID(), "bob");
        MiyuEvent[] events = {
                AccountRegistered.of(alice.userId(), "alice", Instant.parse("2026-01-01T00:00:00Z")),
                AccountDeleted.of(alice.userId(), "alice"),
                KeyBundlePublished.of(alice.userId(), "alice", 3, "ab12"),
                PrekeysLow.of(alice.userId(), 9),
                FriendRequested.of(UUID.randomUUID(), alice, bob),
                FriendRequestDeclined.of(UUID.randomUUID(), alice, bob, FriendRequestDeclined.DECLINED),
                FriendshipCreated.of(alice, bob),
                FriendshipRemoved.of(alice, bob),
                PresenceChanged.of(alice.userId(), "alice", true, Instant.now()),
                EnvelopeQueued.of(bob.userId(), UUID.randomUUID(), 42),
                ConnectionOpened.of(bob.userId(), UUID.randomUUID(), 7),
        };
        for (MiyuEvent event : events) {
            String json = EventJson.write(event);
            assertTrue(json.contains("\"type\":\"" + event.type() + "\""), json);
            assertTrue(json.contains("\"version\":1"), json);
            assertEquals(event, EventJson.read(json));
        }
    }

    @Test
    void recordsAreKeyedByTheUserTheyConcern() {
        UUID userId = UUID.randomUUID();
        AccountRegistered event = AccountRegistered.of(userId, "carol", Instant.now());
        assertEquals(userId.toString(), event.key());
        assertEquals(Topics.ACCOUNTS, event.topic());
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() {
        String json = "{\"type\":\"AccountDeleted\",\"eventId\":\"" + UUID.randomUUID()
                + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"version\":2,\"userId\":\"" + UUID.randomUUID()
                + "\",\"username\":\"dave\",\"futureField\":true}";
        AccountDeleted event = (AccountDeleted) EventJson.read(json);
        assertEquals("dave", event.username());
    }

    @Test
    void garbageIsRejectedWithAClearError() {
        assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read("{\"type\":\"Nope\"}"));
        assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read("not json"));
    }
}
