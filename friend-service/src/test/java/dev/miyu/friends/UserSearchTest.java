package dev.miyu.friends;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class UserSearchTest {

    @Test
    void searchFindsUsersByNamePrefixInNameOrderButNeverTheSearcher() {
        String prefix = TestUser.uniqueName("s");
        List<TestUser> users = TestUser.registerNamed(prefix + ".anton", prefix + ".bob", prefix + ".andy", prefix + ".anna");
        TestUser andy = users.get(2);

        andy.http().queryParam("q", prefix + ".an").get("/api/users")
                .then().statusCode(200)
                .body("username", contains(prefix + ".anna", prefix + ".anton"))
                .body("[0].userId", equalTo(users.get(3).id().toString()))
                .body("[0].relationship", equalTo("none"));
    }

    @Test
    void searchIgnoresCaseAndMatchesUnderscoreLiterally() {
        String prefix = TestUser.uniqueName("u");
        TestUser searcher = TestUser.registerNamed(prefix + "_x", prefix + "ax", prefix + "searcher").get(2);

        searcher.http().queryParam("q", prefix.toUpperCase(Locale.ROOT) + "_").get("/api/users")
                .then().statusCode(200)
                .body("username", contains(prefix + "_x"));
    }

    @Test
    void searchReturnsAtMostTwentyUsers() {
        String prefix = TestUser.uniqueName("m");
        TestUser.registerNamed(IntStream.range(10, 31).mapToObj(i -> prefix + i).toArray(String[]::new));

        TestUser.anyone().queryParam("q", prefix).get("/api/users")
                .then().statusCode(200)
                .body("$", hasSize(20))
                .body("[19].username", equalTo(prefix + 29));
    }

    @Test
    void searchShowsHowEachUserStandsToTheSearcher() {
        String prefix = TestUser.uniqueName("r");
        List<TestUser> users = TestUser.registerNamed(prefix + "me", prefix + "friend", prefix + "asked", prefix + "asking",
                prefix + "stranger");
        TestUser me = users.get(0);
        me.befriend(users.get(1));
        me.request(users.get(2));
        users.get(3).request(me);

        me.http().queryParam("q", prefix).get("/api/users")
                .then().statusCode(200)
                .body("username", contains(prefix + "asked", prefix + "asking", prefix + "friend", prefix + "stranger"))
                .body("relationship", contains("requested", "incoming", "friend", "none"));
        users.get(2).http().queryParam("q", prefix + "me").get("/api/users")
                .then().statusCode(200)
                .body("relationship", contains("incoming"));
    }

    @Test
    void queryOutsideTheAllowedShapeIsRefusedNamingTheParameter() {
        for (String q : List.of("a", "a".repeat(33), "ab%", "ab cd")) {
            TestUser.anyone().queryParam("q", q).get("/api/users")
                    .then().statusCode(400)
                    .body("status", is(400))
                    .body("title", equalTo("Bad Request"))
                    .body("detail", notNullValue())
                    .body("errors[0].field", equalTo("q"));
        }
        TestUser.anyone().get("/api/users").then().statusCode(400).body("errors[0].field", equalTo("q"));
    }

    @Test
    void searchNeedsAnAccessToken() {
        given().queryParam("q", "ab").get("/api/users").then().statusCode(401);
        given().auth().oauth2("not-a-token").queryParam("q", "ab").get("/api/users").then().statusCode(401);
    }
}
