package dev.miyu.gateway;

import static dev.miyu.gateway.Clients.newClient;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.function.Function;

import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(FakeServices.class)
class EdgeAuthenticationTest {

    FakeServices services;

    @BeforeEach
    void everyServiceUp() {
        services.allUpAndReady();
    }

    @Test
    void requestWithoutTokenIsRefusedWithABearerChallenge() {
        assertRefused(401, request -> request, "Bearer realm=\"miyu\"");
    }

    @Test
    void requestWithGarbageTokenIsRefused() {
        assertRefused(401, request -> request.auth().oauth2("not.a.jwt"), "error=\"invalid_token\"");
    }

    @Test
    void expiredTokenIsRefused() {
        String expired = services.token(claims -> {
            claims.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 3600));
            claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 1800));
        });
        assertRefused(401, request -> request.auth().oauth2(expired), "error=\"invalid_token\"");
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        String otherAudience = services.token(claims -> claims.setAudience("some-other-app"));
        assertRefused(401, request -> request.auth().oauth2(otherAudience), "error=\"invalid_token\"");
    }

    @Test
    void tokenFromAnotherIssuerIsRefused() {
        String otherIssuer = services.token(claims -> claims.setIssuer("https://evil.example/auth"));
        assertRefused(401, request -> request.auth().oauth2(otherIssuer), "error=\"invalid_token\"");
    }

    @Test
    void unsignedTokenIsRefused() {
        assertRefused(401, request -> request.auth().oauth2(services.unsignedToken()), "error=\"invalid_token\"");
    }

    @Test
    void tokenSignedByAnUnknownKeyIsRefused() {
        assertRefused(401, request -> request.auth().oauth2(services.tokenSignedByUnknownKey()), "error=\"invalid_token\"");
    }

    @Test
    void malformedAuthorizationHeaderIsABadRequest() {
        assertRefused(400, request -> request.header("Authorization", "Basic YWxpY2U6c2VjcmV0"), "error=\"invalid_request\"");
        assertRefused(400, request -> request.header("Authorization", "Bearer two words"), "error=\"invalid_request\"");
    }

    @Test
    void validTokenIsLetThroughOnEveryProtectedPrefix() {
        String token = services.validToken();
        for (String path : new String[] { "/api/auth/password", "/api/keys/me", "/api/users", "/api/friends",
                "/api/presence", "/api/relay/queue", "/api/attachments/a" }) {
            newClient().auth().oauth2(token).get(path).then().statusCode(200).body("uri", equalTo(path));
        }
    }

    @Test
    void protectedPathsNeedATokenEvenWhenTheirNameIsClose() {
        for (String path : new String[] { "/api/auth/login/../password", "/api/auth/loginx", "/api/keys" }) {
            newClient().urlEncodingEnabled(false).get(path).then().statusCode(401);
        }
    }

    private void assertRefused(int status, Function<RequestSpecification, RequestSpecification> credentials, String challenge) {
        String requestId = Clients.freshRequestId();
        credentials.apply(newClient(requestId)).get("/api/keys/bob")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer realm=\"miyu\""))
                .header("WWW-Authenticate", containsString(challenge))
                .body("status", equalTo(status))
                .body("requestId", equalTo(requestId));
        assertFalse(services.anyServiceSaw(requestId), "the service must not have seen the refused request");
    }
}
