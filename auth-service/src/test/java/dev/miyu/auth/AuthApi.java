package dev.miyu.auth;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test client for the auth API. Each test uses its own usernames and client IPs, so that tests share no state. */
public final class AuthApi {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthApi() {
    }

    public static String newUsername() {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        return "user_" + HexFormat.of().formatHex(suffix);
    }

    public static String newSecret() {
        return base64(32);
    }

    public static String base64(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    /** A client address of its own, passed the way the gateway passes it (from 127.0.0.1, a trusted proxy). */
    public static String newClientIp() {
        return "10." + RANDOM.nextInt(256) + "." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254));
    }

    public static RequestSpecification from(String clientIp) {
        return given().header("X-Forwarded-For", clientIp).contentType(ContentType.JSON);
    }

    public static Response register(String clientIp, String username, String secret) {
        return from(clientIp)
                .body(Map.of("username", username, "email", username + "@example.org", "authSecret", secret))
                .post("/api/auth/register");
    }

    public static Response login(String clientIp, String username, String secret) {
        return from(clientIp)
                .body(Map.of("username", username, "authSecret", secret))
                .post("/api/auth/login");
    }

    public static Response refresh(String clientIp, String refreshToken) {
        return from(clientIp).body(Map.of("refreshToken", refreshToken)).post("/api/auth/refresh");
    }

    /** Registers a new account and logs it in; the token response as JSON. */
    public static Response newSession(String clientIp) {
        String username = newUsername();
        String secret = newSecret();
        register(clientIp, username, secret).then().statusCode(201);
        return login(clientIp, username, secret).then().statusCode(200).extract().response();
    }
}
