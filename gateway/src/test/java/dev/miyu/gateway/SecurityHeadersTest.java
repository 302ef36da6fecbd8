package dev.miyu.gateway;

import static dev.miyu.gateway.Clients.newClient;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(FakeServices.class)
class SecurityHeadersTest {

    FakeServices services;

    @BeforeEach
    void everyServiceUp() {
        services.allUpAndReady();
    }

    @Test
    void webClientIsServedAtTheRootWithTheHardeningHeaders() {
        assertHardened(RestAssured.get("/").then().statusCode(200).contentType(containsString("text/html")))
                .header("Cache-Control", "no-cache");
    }

    @Test
    void proxiedAnswerCannotWeakenTheHardeningHeaders() {
        // The fake services answer with a permissive CSP, framing allowed, public caching and their own request id.
        String requestId = Clients.freshRequestId();
        assertHardened(newClient(requestId).auth().oauth2(services.validToken()).get("/api/keys/bob").then().statusCode(200))
                .header("Cache-Control", "no-store")
                .header("X-Request-Id", requestId);
    }

    @Test
    void errorsCarryTheHardeningHeaders() {
        assertHardened(newClient().get("/api/keys/bob").then().statusCode(401)).header("Cache-Control", "no-store");
        assertHardened(newClient().get("/api/unknown").then().statusCode(404)).header("Cache-Control", "no-store");
        assertHardened(RestAssured.get("/no-such-file.js").then().statusCode(404));
    }

    @Test
    void contentSecurityPolicyForbidsInlineCodeEvalFramingAndPlugins() {
        RestAssured.get("/").then()
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("Content-Security-Policy", not(containsString("unsafe-eval")))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("object-src 'none'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("base-uri 'none'"));
    }

    @Test
    void strictTransportSecurityOnlyWhenTheClientCameOverTls() {
        RestAssured.get("/").then().header("Strict-Transport-Security", nullValue());
        newClient().header("X-Forwarded-Proto", "https").get("/").then()
                .header("Strict-Transport-Security", containsString("max-age="));
    }

    @Test
    void servicesAreToldTheSchemeTheClientUsed() {
        newClient().header("X-Forwarded-Proto", "https").auth().oauth2(services.validToken()).get("/api/keys/bob")
                .then().statusCode(200).body("headers.x-forwarded-proto[0]", equalTo("https"));
    }

    @Test
    void healthEndpointsCarryTheHardeningHeadersToo() {
        assertHardened(RestAssured.get("/q/health/live").then().statusCode(200));
    }

    private static ValidatableResponse assertHardened(ValidatableResponse response) {
        return response
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe")))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Permissions-Policy", containsString("camera=(self)"))
                .header("Permissions-Policy", containsString("microphone=(self)"))
                .header("X-Request-Id", not(nullValue()));
    }
}
