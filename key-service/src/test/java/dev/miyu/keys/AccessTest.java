package dev.miyu.keys;

import dev.miyu.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

/** Every endpoint wants a valid access token; write endpoints are rate limited per user. */
@QuarkusTest
class AccessTest {

    @Test
    void requestsWithoutATokenAreUnauthenticated() {
        String someone = TestUser.fresh().name();

        given().get("/api/keys/" + someone).then().statusCode(401).body("status", is(401)).header("WWW-Authenticate", "Bearer");
        given().get("/api/keys/" + someone + "/history").then().statusCode(401).body("status", is(401));
        given().get("/api/keys/me/backup").then().statusCode(401).body("status", is(401));
        given().contentType(ContentType.JSON).body(Map.of("blob", "AAAA")).put("/api/keys/me/backup")
                .then().statusCode(401).body("status", is(401));
        given().contentType(ContentType.JSON).body(BrowserKeys.bundleFor(someone).json()).put("/api/keys/me")
                .then().statusCode(401).body("status", is(401));
    }

    @Test
    void forgedOrMangledTokensAreUnauthenticated() {
        TestUser alice = TestUser.fresh();
        String[] parts = alice.token().split("\\.");
        String otherSignature = TestTokens.forUser(UUID.randomUUID(), "mallory").split("\\.")[2];

        given().auth().oauth2(parts[0] + "." + parts[1] + "." + otherSignature).get("/api/keys/me/backup")
                .then().statusCode(401).body("status", is(401));
        given().auth().oauth2("not-a-jwt").get("/api/keys/me/backup").then().statusCode(401).body("status", is(401));
    }

    @Test
    void tooManyPublishesInAMinuteAreRefusedForThatUserOnly() {
        TestUser alice = TestUser.fresh();
        Map<String, String> bundle = BrowserKeys.bundleFor(alice.name()).json();
        alice.request().body(bundle).put("/api/keys/me").then().statusCode(201);
        for (int attempt = 2; attempt <= 10; attempt++) {
            alice.request().body(bundle).put("/api/keys/me").then().statusCode(200);
        }

        alice.request().body(bundle).put("/api/keys/me")
                .then().statusCode(429).body("status", is(429)).header("Retry-After", org.hamcrest.Matchers.notNullValue());

        TestUser bob = TestUser.fresh();
        bob.request().body(BrowserKeys.bundleFor(bob.name()).json()).put("/api/keys/me").then().statusCode(201);
        alice.request().get("/api/keys/" + alice.name()).then().statusCode(200).body("version", is(1));
    }
}
