package dev.miyu.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.miyu.auth.AuthApi.base64;
import static dev.miyu.auth.AuthApi.from;
import static dev.miyu.auth.AuthApi.newClientIp;
import static dev.miyu.auth.AuthApi.newSecret;
import static dev.miyu.auth.AuthApi.newUsername;
import static dev.miyu.auth.AuthApi.register;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Named.named;

/** Bad input is answered with 400 (413 when too big) and a JSON problem naming the field, and changes nothing. */
@QuarkusTest
class RequestValidationTest {

    static Stream<Arguments> brokenRegistrations() {
        return Stream.of(
                broken("missing username", "username", body -> body.remove("username")),
                broken("null username", "username", body -> body.put("username", null)),
                broken("too short username", "username", body -> body.put("username", "ab")),
                broken("too long username", "username", body -> body.put("username", "u".repeat(33))),
                broken("username with invalid characters", "username", body -> body.put("username", "bad name!")),
                broken("username that is a number", "username", body -> body.put("username", 12345)),
                broken("username that is an object", "username", body -> body.put("username", Map.of("a", "b"))),
                broken("missing email", "email", body -> body.remove("email")),
                broken("invalid email", "email", body -> body.put("email", "not-an-email")),
                broken("too long email", "email", body -> body.put("email", "e".repeat(250) + "@example.org")),
                broken("missing auth secret", "authSecret", body -> body.remove("authSecret")),
                broken("auth secret that is not base64", "authSecret", body -> body.put("authSecret", "%%%not base64%%%")),
                broken("auth secret of 16 bytes", "authSecret", body -> body.put("authSecret", base64(16))),
                broken("auth secret of 33 bytes", "authSecret", body -> body.put("authSecret", base64(33))),
                broken("auth secret that is a boolean", "authSecret", body -> body.put("authSecret", true)),
                broken("unknown field", "password", body -> body.put("password", "hunter2")));
    }

    private static Arguments broken(String name, String field, Consumer<Map<String, Object>> breakIt) {
        return Arguments.of(named(name, breakIt), field);
    }

    @ParameterizedTest
    @MethodSource("brokenRegistrations")
    void aBrokenRegistrationIsRefusedNamingTheFieldAndStoresNothing(Consumer<Map<String, Object>> breakIt, String field) {
        String username = newUsername();
        String clientIp = newClientIp();
        Map<String, Object> body = new HashMap<>(Map.of(
                "username", username, "email", username + "@example.org", "authSecret", newSecret()));
        breakIt.accept(body);

        from(clientIp).body(body).post("/api/auth/register")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("errors.field", hasItem(field));

        register(clientIp, username, newSecret()).then().statusCode(201);
    }

    @Test
    void malformedJsonIsABadRequest() {
        from(newClientIp()).body("{\"username\": \"abc\", ").post("/api/auth/register")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("body"));
    }

    @Test
    void aMissingBodyIsABadRequest() {
        from(newClientIp()).post("/api/auth/login")
                .then().statusCode(400)
                .body("errors.field", hasItem("body"));
    }

    @Test
    void anOversizedBodyIsRefusedWithAJsonProblem() {
        String username = newUsername();
        Map<String, Object> body = Map.of(
                "username", username, "email", username + "@example.org", "authSecret", newSecret(),
                "padding", "x".repeat(5000));

        from(newClientIp()).body(body).post("/api/auth/register")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("4096"));

        register(newClientIp(), username, newSecret()).then().statusCode(201);
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupported() {
        from(newClientIp()).contentType(ContentType.TEXT).body("username=abc").post("/api/auth/register")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    @Test
    void aLoginWithAMalformedSecretIsABadRequest() {
        from(newClientIp()).body(Map.of("username", newUsername(), "authSecret", base64(31))).post("/api/auth/login")
                .then().statusCode(400)
                .body("errors.field", hasItem("authSecret"));
    }

    @Test
    void aRefreshWithAMalformedTokenIsABadRequest() {
        from(newClientIp()).body(Map.of("refreshToken", "not a token")).post("/api/auth/refresh")
                .then().statusCode(400)
                .body("errors.field", hasItem("refreshToken"));
    }
}
