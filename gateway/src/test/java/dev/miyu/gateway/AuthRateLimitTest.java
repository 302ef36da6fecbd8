package dev.miyu.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithTestResource(FakeServices.class)
class AuthRateLimitTest {

    FakeServices services;

    @ConfigProperty(name = "miyu.gateway.auth-rate-limit.capacity")
    int capacity;

    @BeforeEach
    void everyServiceUp() {
        services.allUpAndReady();
    }

    @Test
    void clientOverTheAuthLimitGets429WithRetryAfterWhileOthersCarryOn() {
        String guesser = Clients.freshAddress();
        for (int i = 0; i < capacity; i++) {
            login(guesser).then().statusCode(200);
        }
        String retryAfter = login(guesser).then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .extract().header("Retry-After");
        assertTrue(Integer.parseInt(retryAfter) >= 1, "Retry-After should be whole seconds, was " + retryAfter);

        login(Clients.freshAddress()).then().statusCode(200);
    }

    @Test
    void limitCoversTheWholeAuthApiButNotTheRestOfTheApi() {
        String client = Clients.freshAddress();
        for (int i = 0; i < capacity; i++) {
            login(client).then().statusCode(200);
        }
        RestAssured.given().header("X-Forwarded-For", client).get("/api/auth/sessions").then().statusCode(429);
        RestAssured.given().header("X-Forwarded-For", client).auth().oauth2(services.validToken()).get("/api/keys/bob")
                .then().statusCode(200);
    }

    private static io.restassured.response.Response login(String client) {
        return RestAssured.given().header("X-Forwarded-For", client).contentType("application/json").body("{}").post("/api/auth/login");
    }
}
