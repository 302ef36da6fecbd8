package dev.miyu.system;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The packaged system as a user meets it: everything through the gateway's one port. */
class GatewaySmokeIT {

    static String gateway;

    @BeforeAll
    static void startSystem() {
        gateway = SystemStack.shared().gatewayUrl();
    }

    @Test
    void aNewUserRegistersAndLogsInThroughTheGateway() {
        String username = "smoke_" + UUID.randomUUID().toString().substring(0, 8);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String authSecret = Base64.getEncoder().encodeToString(secret);

        given().baseUri(gateway).contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", username + "@example.org", "authSecret", authSecret))
                .post("/api/auth/register")
                .then().statusCode(201).body("username", is(username)).body("userId", notNullValue());

        String token = given().baseUri(gateway).contentType(ContentType.JSON)
                .body(Map.of("username", username, "authSecret", authSecret))
                .post("/api/auth/login")
                .then().statusCode(200).body("refreshToken", notNullValue())
                .extract().path("accessToken");

        given().baseUri(gateway).header("Authorization", "Bearer " + token)
                .get("/api/auth/me")
                .then().statusCode(200).body("username", is(username));
    }

    @Test
    void opsStatusReportsEveryServiceUp() {
        given().baseUri(gateway).get("/ops/status")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("services.size()", is(5))
                .body("services.status", everyItem(is("UP")));
    }

    @Test
    void theAppIsServedWithAStrictContentSecurityPolicy() {
        given().baseUri(gateway).get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("X-Content-Type-Options", is("nosniff"));
    }

    @Test
    void protectedApisNeedAToken() {
        given().baseUri(gateway).get("/api/auth/me").then().statusCode(401);
    }
}
