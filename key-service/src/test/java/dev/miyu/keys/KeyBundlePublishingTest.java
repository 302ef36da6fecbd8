package dev.miyu.keys;

import dev.miyu.events.KeyBundlePublished;
import dev.miyu.events.Topics;
import dev.miyu.keys.BrowserKeys.Bundle;
import dev.miyu.testsupport.EventProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class KeyBundlePublishingTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void validBundleIsAcceptedAndServedWithItsFingerprint() {
        TestUser alice = TestUser.fresh();
        Bundle bundle = BrowserKeys.bundleFor(alice.name());

        alice.request().body(bundle.json()).put("/api/keys/me")
                .then().statusCode(201)
                .body("version", is(1))
                .body("fingerprint", is(bundle.fingerprint()));

        TestUser.fresh().request().get("/api/keys/" + alice.name().toUpperCase(Locale.ROOT))
                .then().statusCode(200)
                .body("username", is(alice.name()))
                .body("userId", is(alice.id().toString()))
                .body("encPublicKey", is(bundle.encPublicKey()))
                .body("signPublicKey", is(bundle.signPublicKey()))
                .body("bundleSignature", is(bundle.bundleSignature()))
                .body("fingerprint", is(bundle.fingerprint()))
                .body("publishedAt", notNullValue())
                .body("version", is(1));
    }

    @Test
    void publishedBundleIsAnnouncedOnTheKeysTopicWithItsFingerprint() {
        TestUser alice = TestUser.fresh();
        Bundle bundle = BrowserKeys.bundleFor(alice.name());
        alice.request().body(bundle.json()).put("/api/keys/me").then().statusCode(201);

        KeyBundlePublished event = EventProbe.await(Topics.KEYS, KeyBundlePublished.class,
                e -> e.userId().equals(alice.id()), EVENT_TIMEOUT);

        assertEquals(alice.name(), event.username());
        assertEquals(1, event.keyId());
        assertEquals(bundle.fingerprint(), event.fingerprint());
    }

    @Test
    void republishingTheCurrentBundleAddsNoVersionAndNoEvent() {
        TestUser alice = TestUser.fresh();
        Bundle first = BrowserKeys.bundleFor(alice.name());
        alice.request().body(first.json()).put("/api/keys/me").then().statusCode(201);

        alice.request().body(first.json()).put("/api/keys/me")
                .then().statusCode(200).body("version", is(1)).body("fingerprint", is(first.fingerprint()));
        alice.request().get("/api/keys/" + alice.name() + "/history").then().statusCode(200).body("$", hasSize(1));

        // Per-user events keep their order, so once version 2 is announced anything the republish caused is visible.
        Bundle second = BrowserKeys.bundleFor(alice.name());
        alice.request().body(second.json()).put("/api/keys/me").then().statusCode(201).body("version", is(2));
        List<KeyBundlePublished> events = EventProbe.awaitAll(Topics.KEYS, KeyBundlePublished.class,
                e -> e.userId().equals(alice.id()), 2, EVENT_TIMEOUT);
        assertEquals(List.of(1L, 2L), events.stream().map(KeyBundlePublished::keyId).toList());
        assertEquals(List.of(first.fingerprint(), second.fingerprint()), events.stream().map(KeyBundlePublished::fingerprint).toList());
    }

    @Test
    void newBundleSupersedesTheOldOneAndHistoryKeepsAllOldestFirst() {
        TestUser alice = TestUser.fresh();
        List<Bundle> bundles = List.of(BrowserKeys.bundleFor(alice.name()), BrowserKeys.bundleFor(alice.name()),
                BrowserKeys.bundleFor(alice.name()));
        for (Bundle bundle : bundles) {
            alice.request().body(bundle.json()).put("/api/keys/me").then().statusCode(201);
        }

        alice.request().get("/api/keys/" + alice.name())
                .then().statusCode(200).body("version", is(3)).body("fingerprint", is(bundles.get(2).fingerprint()));
        alice.request().get("/api/keys/" + alice.name() + "/history")
                .then().statusCode(200)
                .body("version", is(List.of(1, 2, 3)))
                .body("fingerprint", is(bundles.stream().map(Bundle::fingerprint).toList()))
                .body("signPublicKey", is(bundles.stream().map(Bundle::signPublicKey).toList()));
    }

    @Test
    void concurrentPublishesByOneUserGetDistinctVersions() {
        TestUser alice = TestUser.fresh();
        List<Bundle> bundles = List.of(BrowserKeys.bundleFor(alice.name()), BrowserKeys.bundleFor(alice.name()),
                BrowserKeys.bundleFor(alice.name()), BrowserKeys.bundleFor(alice.name()));

        List<Integer> statuses = Concurrently.map(bundles,
                bundle -> alice.request().body(bundle.json()).put("/api/keys/me").statusCode());

        assertEquals(List.of(201, 201, 201, 201), statuses);
        alice.request().get("/api/keys/" + alice.name() + "/history")
                .then().statusCode(200).body("version", is(List.of(1, 2, 3, 4)));
    }

    @Test
    void anotherUserPublishingOnlyChangesTheirOwnBundle() {
        TestUser alice = TestUser.fresh();
        TestUser bob = TestUser.fresh();
        Bundle alices = BrowserKeys.bundleFor(alice.name());
        alice.request().body(alices.json()).put("/api/keys/me").then().statusCode(201);

        Bundle bobs = BrowserKeys.bundleFor(bob.name());
        bob.request().body(bobs.json()).put("/api/keys/me").then().statusCode(201).body("username", is(bob.name()));

        bob.request().get("/api/keys/" + alice.name())
                .then().statusCode(200).body("version", is(1)).body("fingerprint", is(alices.fingerprint()));
        alice.request().get("/api/keys/" + bob.name())
                .then().statusCode(200).body("fingerprint", is(bobs.fingerprint()));
    }

    @Test
    void anotherAccountClaimingYourUsernameCannotReplaceYourKeys() {
        TestUser alice = TestUser.fresh();
        Bundle alices = BrowserKeys.bundleFor(alice.name());
        alice.request().body(alices.json()).put("/api/keys/me").then().statusCode(201);

        TestUser impostor = alice.impostor();
        impostor.request().body(BrowserKeys.bundleFor(alice.name()).json()).put("/api/keys/me")
                .then().statusCode(409).body("status", is(409)).body("detail", containsString(alice.name()));

        alice.request().get("/api/keys/" + alice.name() + "/history")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].fingerprint", is(alices.fingerprint()))
                .body("[0].userId", is(alice.id().toString()));
    }

    @Test
    void userWithoutBundleIsNotFound() {
        TestUser reader = TestUser.fresh();
        String nobody = TestUser.fresh().name();

        reader.request().get("/api/keys/" + nobody)
                .then().statusCode(404).body("status", is(404)).body("title", is("Not Found"))
                .body("detail", containsString(nobody));
        reader.request().get("/api/keys/" + nobody + "/history").then().statusCode(404).body("status", is(404));
    }

    @Test
    void malformedUsernameInThePathIsRejected() {
        TestUser reader = TestUser.fresh();

        reader.request().get("/api/keys/a%20b").then().statusCode(400).body("errors[0].field", is("username"));
        reader.request().get("/api/keys/ab").then().statusCode(400).body("errors[0].field", is("username"));
        reader.request().get("/api/keys/" + "x".repeat(33) + "/history").then().statusCode(400)
                .body("errors[0].field", is("username"));
    }

    @Test
    void publishedBundlesAreCountedInMetrics() {
        TestUser alice = TestUser.fresh();
        double before = publishedTotal();
        Bundle bundle = BrowserKeys.bundleFor(alice.name());
        alice.request().body(bundle.json()).put("/api/keys/me").then().statusCode(201);
        alice.request().body(bundle.json()).put("/api/keys/me").then().statusCode(200);

        assertTrue(publishedTotal() >= before + 1, "the counter counts the new bundle");
    }

    @Test
    void pathsThatDoNotExistAnswerWithJsonProblems() {
        TestUser alice = TestUser.fresh();

        alice.request().delete("/api/keys/" + alice.name()).then().statusCode(405).body("status", is(405));
        alice.request().get("/api/keys/" + alice.name() + "/nothing").then().statusCode(404).body("status", is(404));
    }

    private static double publishedTotal() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("miyu_key_bundles_published_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("miyu_key_bundles_published_total is not exported"));
    }
}
