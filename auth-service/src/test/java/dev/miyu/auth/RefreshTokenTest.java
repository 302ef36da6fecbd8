package dev.miyu.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.miyu.auth.AuthApi.from;
import static dev.miyu.auth.AuthApi.newClientIp;
import static dev.miyu.auth.AuthApi.newSession;
import static dev.miyu.auth.AuthApi.refresh;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class RefreshTokenTest {

    @Test
    void refreshingRotatesTheRefreshToken() {
        String clientIp = newClientIp();
        Response session = newSession(clientIp);
        String first = session.path("refreshToken");

        Response rotated = refresh(clientIp, first)
                .then().statusCode(200)
                .body("userId", equalTo(session.path("userId")))
                .body("expiresIn", equalTo(900))
                .body("refreshToken", not(equalTo(first)))
                .extract().response();
        given().auth().oauth2(rotated.path("accessToken")).get("/api/auth/me").then().statusCode(200);

        String second = rotated.path("refreshToken");
        refresh(clientIp, second).then().statusCode(200);
        refresh(clientIp, first).then().statusCode(401);
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeFamily() {
        String clientIp = newClientIp();
        String first = newSession(clientIp).path("refreshToken");
        String second = refresh(clientIp, first).then().statusCode(200).extract().path("refreshToken");

        refresh(clientIp, first)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));

        refresh(clientIp, second).then().statusCode(401);
    }

    @Test
    void reuseDetectionLeavesOtherSessionsOfTheSameAccountAlone() {
        String clientIp = newClientIp();
        Response session = newSession(clientIp);
        String first = session.path("refreshToken");
        refresh(clientIp, first).then().statusCode(200);
        String otherFamily = refresh(clientIp, newSession(clientIp).path("refreshToken"))
                .then().statusCode(200).extract().path("refreshToken");

        refresh(clientIp, first).then().statusCode(401);

        refresh(clientIp, otherFamily).then().statusCode(200);
    }

    @Test
    void loggingOutRevokesTheFamilyOfTheToken() {
        String clientIp = newClientIp();
        String first = newSession(clientIp).path("refreshToken");
        String second = refresh(clientIp, first).then().statusCode(200).extract().path("refreshToken");

        from(clientIp).body(Map.of("refreshToken", second)).post("/api/auth/logout").then().statusCode(204);

        refresh(clientIp, second).then().statusCode(401);
    }

    @Test
    void loggingOutWithAnUnknownTokenChangesNothingAndIsNotAnError() {
        from(newClientIp()).body(Map.of("refreshToken", "A".repeat(43))).post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void anUnknownRefreshTokenIsUnauthorized() {
        String unknown = "B".repeat(43);

        refresh(newClientIp(), unknown).then().statusCode(401).body("title", equalTo("Unauthorized"));
    }
}
