package dev.miyu.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.miyu.auth.AuthApi.login;
import static dev.miyu.auth.AuthApi.newClientIp;
import static dev.miyu.auth.AuthApi.newSecret;
import static dev.miyu.auth.AuthApi.newUsername;
import static dev.miyu.auth.AuthApi.register;
import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class LoginTest {

    @Test
    void aLoginIssuesAnRs256AccessTokenAndARefreshToken() {
        String username = newUsername();
        String secret = newSecret();
        String userId = register(newClientIp(), username, secret).then().statusCode(201).extract().path("userId");

        Response response = login(newClientIp(), username.toUpperCase(), secret)
                .then().statusCode(200)
                .body("userId", equalTo(userId))
                .body("expiresIn", equalTo(900))
                .body("refreshToken", matchesPattern("[A-Za-z0-9_-]{43}"))
                .extract().response();

        String accessToken = response.path("accessToken");
        Map<String, Object> header = TestTokens.header(accessToken);
        Map<String, Object> claims = TestTokens.claims(accessToken);
        List<String> publishedKids = get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
        assertEquals("RS256", header.get("alg"));
        assertTrue(publishedKids.contains((String) header.get("kid")), "the token's kid is in the JWKS");
        assertEquals("https://miyu.local/auth", claims.get("iss"));
        assertEquals("miyu", claims.get("aud"));
        assertEquals(userId, claims.get("sub"));
        assertEquals(username, claims.get("upn"));
        assertNotNull(claims.get("jti"));
        long issuedAt = ((Number) claims.get("iat")).longValue();
        assertTrue(Math.abs(issuedAt - Instant.now().getEpochSecond()) < 60, "issued just now");
        assertEquals(issuedAt + 900, ((Number) claims.get("exp")).longValue());
    }

    @Test
    void anUnknownUsernameAndAWrongSecretGetTheSameAnswer() {
        String username = newUsername();
        register(newClientIp(), username, newSecret()).then().statusCode(201);

        Response wrongSecret = login(newClientIp(), username, newSecret());
        Response unknownUser = login(newClientIp(), newUsername(), newSecret());

        assertEquals(401, wrongSecret.statusCode());
        assertEquals(wrongSecret.statusCode(), unknownUser.statusCode());
        assertEquals(wrongSecret.contentType(), unknownUser.contentType());
        assertEquals(wrongSecret.body().asString(), unknownUser.body().asString());
    }

    @Test
    void failedLoginsForOneUsernameAreThrottledFromEveryClientIp() {
        String username = newUsername();
        String secret = newSecret();
        register(newClientIp(), username, secret).then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            login(newClientIp(), username, newSecret()).then().statusCode(401);
        }

        login(newClientIp(), username, secret)
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1))
                .header("Retry-After", Integer::parseInt, lessThanOrEqualTo(900))
                .body("status", equalTo(429));
    }

    @Test
    void failedLoginsFromOneClientIpAreThrottledForEveryUsername() {
        String clientIp = newClientIp();
        String username = newUsername();
        String secret = newSecret();
        register(newClientIp(), username, secret).then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            login(clientIp, newUsername(), newSecret()).then().statusCode(401);
        }

        login(clientIp, username, secret)
                .then().statusCode(429)
                .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1));
        login(newClientIp(), username, secret).then().statusCode(200);
    }

    @Test
    void aSuccessfulLoginForgivesTheUsernamesEarlierFailures() {
        String username = newUsername();
        String secret = newSecret();
        register(newClientIp(), username, secret).then().statusCode(201);
        for (int i = 0; i < 4; i++) {
            login(newClientIp(), username, newSecret()).then().statusCode(401);
        }
        login(newClientIp(), username, secret).then().statusCode(200);

        for (int i = 0; i < 4; i++) {
            login(newClientIp(), username, newSecret()).then().statusCode(401);
        }
        login(newClientIp(), username, secret).then().statusCode(200);
    }
}
