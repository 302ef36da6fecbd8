package dev.miyu.gateway;

import static dev.miyu.gateway.Clients.newClient;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** GET /api/config with the default configuration: no STUN, no TURN. */
@QuarkusTest
@WithTestResource(FakeServices.class)
class IceConfigTest {

    FakeServices services;

    @BeforeEach
    void everyServiceUp() {
        services.allUpAndReady();
    }

    @Test
    void needsAnAccessToken() {
        String requestId = Clients.freshRequestId();
        newClient(requestId).get("/api/config")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer realm=\"miyu\""));
        newClient().auth().oauth2(services.tokenSignedByUnknownKey()).get("/api/config")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        assertFalse(services.anyServiceSaw(requestId));
    }

    @Test
    void answersAnEmptyListByDefaultWithoutAskingAnyService() {
        String requestId = Clients.freshRequestId();
        newClient(requestId).auth().oauth2(services.validToken()).get("/api/config")
                .then().statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("iceServers", empty());
        assertFalse(services.anyServiceSaw(requestId), "the gateway answers /api/config itself");
    }

    @Test
    void onlyAnswersGet() {
        newClient().auth().oauth2(services.validToken()).contentType("application/json").body("{}").post("/api/config")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .header("Allow", "GET")
                .body("status", equalTo(405));
    }
}
