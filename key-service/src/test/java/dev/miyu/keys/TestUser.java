package dev.miyu.keys;

import dev.miyu.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** A fresh user per test, so that tests share nothing and can run in any order. */
record TestUser(UUID id, String name, String token) {

    static TestUser fresh() {
        UUID id = UUID.randomUUID();
        String name = "u" + id.toString().replace("-", "").substring(0, 16);
        return new TestUser(id, name, TestTokens.forUser(id, name));
    }

    /** Another account that claims the same username, as a forged or stale identity would. */
    TestUser impostor() {
        UUID other = UUID.randomUUID();
        return new TestUser(other, name, TestTokens.forUser(other, name));
    }

    RequestSpecification request() {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}
