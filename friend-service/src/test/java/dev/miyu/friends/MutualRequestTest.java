package dev.miyu.friends;

import dev.miyu.events.FriendshipCreated;
import dev.miyu.events.Topics;
import dev.miyu.testsupport.EventProbe;
import dev.miyu.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class MutualRequestTest {

    private static final int PAIRS = 10;

    @TestHTTPResource("/api/friends/requests")
    URI requests;

    @Test
    void requestingSomeoneWhoAlreadyAskedYouMakesTheFriendship() {
        TestUser alice = TestUser.register("alice");
        TestUser bob = TestUser.register("bob");
        alice.request(bob);

        bob.http().body(Map.of("to", alice.username())).post("/api/friends/requests")
                .then().statusCode(200)
                .body("friendship.username", equalTo(alice.username()))
                .body("friendship.userId", equalTo(alice.id().toString()));

        assertThat(alice.friendNames(), contains(bob.username()));
        assertThat(bob.friendNames(), contains(alice.username()));
        assertThat(alice.outgoingIds(), empty());
        assertThat(bob.incomingIds(), empty());
        EventProbe.await(Topics.FRIENDSHIPS, FriendshipCreated.class,
                event -> Set.of(event.a().userId(), event.b().userId()).equals(Set.of(alice.id(), bob.id())),
                TestUser.EVENT_TIMEOUT);
    }

    @Test
    void simultaneousMutualRequestsEndInExactlyOneFriendship() throws Exception {
        String prefix = TestUser.uniqueName("p");
        List<TestUser> users = TestUser.registerNamed(IntStream.range(0, 2 * PAIRS).mapToObj(i -> prefix + "x" + i).toArray(String[]::new));
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            for (int pair = 0; pair < PAIRS; pair++) {
                TestUser a = users.get(2 * pair);
                TestUser b = users.get(2 * pair + 1);
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<Integer> aAsksB = CompletableFuture.supplyAsync(() -> send(client, start, a, b), senders);
                CompletableFuture<Integer> bAsksA = CompletableFuture.supplyAsync(() -> send(client, start, b, a), senders);
                List<Integer> statuses = new ArrayList<>(List.of(aAsksB.get(), bAsksA.get()));
                statuses.sort(null);

                assertThat("one request and one friendship for pair " + pair, statuses, contains(200, 201));
                assertThat(a.friendNames(), contains(b.username()));
                assertThat(b.friendNames(), contains(a.username()));
                assertThat(a.incomingIds(), empty());
                assertThat(a.outgoingIds(), empty());
                assertThat(b.incomingIds(), empty());
                assertThat(b.outgoingIds(), empty());
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private int send(HttpClient client, CyclicBarrier start, TestUser from, TestUser to) {
        HttpRequest request = HttpRequest.newBuilder(requests)
                .header("Authorization", "Bearer " + TestTokens.forUser(from.id(), from.username()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to.username() + "\"}"))
                .build();
        try {
            start.await();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
