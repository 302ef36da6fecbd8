package dev.miyu.friends;

import dev.miyu.events.FriendshipRemoved;
import dev.miyu.events.Topics;
import dev.miyu.testsupport.EventProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class FriendRemovalTest {

    @Test
    void removingAFriendEndsTheFriendshipForBothAndIsAnnounced() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        TestUser carol = TestUser.register("carol");
        alice.befriend(bob);
        alice.befriend(carol);

        alice.http().delete("/api/friends/{username}", bob.username()).then().statusCode(204);

        assertThat(alice.friendNames(), contains(carol.username()));
        assertThat(bob.friendNames(), empty());
        FriendshipRemoved removed = EventProbe.await(Topics.FRIENDSHIPS, FriendshipRemoved.class,
                event -> Set.of(event.a().userId(), event.b().userId()).equals(Set.of(alice.id(), bob.id())),
                TestUser.EVENT_TIMEOUT);
        assertThat(Set.of(removed.a().username(), removed.b().username()), equalTo(Set.of(alice.username(), bob.username())));
        bob.http().delete("/api/friends/{username}", alice.username())
                .then().statusCode(404).body("detail", equalTo("you are not friends with " + alice.username()));
    }

    @Test
    void formerFriendsMayBefriendAgain() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        alice.befriend(bob);
        bob.http().delete("/api/friends/{username}", alice.username()).then().statusCode(204);

        bob.befriend(alice);

        assertThat(alice.friendNames(), contains(bob.username()));
    }

    @Test
    void removingSomeoneWhoIsNotAFriendIsNotFound() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        alice.request(bob);

        alice.http().delete("/api/friends/{username}", bob.username()).then().statusCode(404);
        alice.http().delete("/api/friends/{username}", TestUser.uniqueName("nobody")).then().statusCode(404);
        alice.http().delete("/api/friends/{username}", alice.username()).then().statusCode(404);
        alice.http().delete("/api/friends/{username}", "bad name!").then().statusCode(400).body("errors[0].field", equalTo("username"));

        assertThat(bob.incomingIds().size(), equalTo(1));
    }
}
