package dev.miyu.presence;

import dev.miyu.events.UserRef;
import dev.miyu.testsupport.TestTokens;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** A fresh user per test, and requests made as that user. */
record TestUser(UUID id, String name) {

    static TestUser fresh(String prefix) {
        UUID id = UUID.randomUUID();
        return new TestUser(id, prefix + "_" + id.toString().substring(0, 8));
    }

    UserRef ref() {
        return new UserRef(id, name);
    }

    RequestSpecification request() {
        return given().auth().oauth2(TestTokens.forUser(id, name));
    }

    void heartbeat() {
        request().post("/api/presence/heartbeat").then().statusCode(204);
    }

    void goOffline() {
        request().post("/api/presence/offline").then().statusCode(204);
    }

    /** The status this user sees for {@code other}: online, offline or unknown. */
    String statusOf(TestUser other) {
        return request().queryParam("users", other.name()).get("/api/presence")
                .then().statusCode(200).extract().path("[0].status");
    }
}
