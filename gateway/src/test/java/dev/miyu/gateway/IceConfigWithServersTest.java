package dev.miyu.gateway;

import static dev.miyu.gateway.Clients.newClient;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** GET /api/config with STUN and a coturn-style TURN server configured. */
@QuarkusTest
@WithTestResource(FakeServices.class)
@TestProfile(IceConfigWithServersTest.WithIceServers.class)
class IceConfigWithServersTest {

    static final String SECRET = "coturn-static-auth-secret";

    public static class WithIceServers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "miyu.gateway.ice.stun-urls", "stun:stun.miyu.example:3478, stun:stun2.miyu.example:3478",
                    "miyu.gateway.ice.turn-urls", "turn:turn.miyu.example:3478?transport=udp,turns:turn.miyu.example:5349?transport=tcp",
                    "miyu.gateway.ice.turn-secret", SECRET,
                    "miyu.gateway.ice.turn-ttl", "1h");
        }
    }

    FakeServices services;

    @BeforeEach
    void everyServiceUp() {
        services.allUpAndReady();
    }

    @Test
    void stillNeedsAnAccessToken() {
        newClient().get("/api/config").then().statusCode(401);
    }

    @Test
    void handsOutStunAndTurnWithCredentialsSignedForTheCaller() throws Exception {
        long before = Instant.now().getEpochSecond();
        JsonPath json = newClient().auth().oauth2(services.validToken()).get("/api/config")
                .then().statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("iceServers", hasSize(2))
                .extract().jsonPath();
        long after = Instant.now().getEpochSecond();

        assertEquals(List.of("stun:stun.miyu.example:3478", "stun:stun2.miyu.example:3478"), json.getList("iceServers[0].urls"));
        assertEquals(Map.of("urls", json.getList("iceServers[0].urls")), json.getMap("iceServers[0]"), "STUN needs no credentials");

        assertEquals(List.of("turn:turn.miyu.example:3478?transport=udp", "turns:turn.miyu.example:5349?transport=tcp"),
                json.getList("iceServers[1].urls"));
        String username = json.getString("iceServers[1].username");
        String credential = json.getString("iceServers[1].credential");
        String[] parts = username.split(":", 2);
        assertEquals("6f1c2a4e-0000-4000-8000-000000000001", parts[1], "the user id is the token's subject");
        long expiry = Long.parseLong(parts[0]);
        assertTrue(expiry >= before + 3600 && expiry <= after + 3600, "expires after turn-ttl: " + expiry);
        assertEquals(hmacSha1Base64(SECRET, username), credential);
        assertFalse(json.prettify().contains(SECRET), "the secret itself never leaves the gateway");
    }

    @Test
    void everyUserGetsTheirOwnCredential() throws Exception {
        String bob = services.token(claims -> claims.setSubject("6f1c2a4e-0000-4000-8000-000000000002"));
        JsonPath json = newClient().auth().oauth2(bob).get("/api/config").then().statusCode(200).extract().jsonPath();
        String username = json.getString("iceServers[1].username");
        assertTrue(username.endsWith(":6f1c2a4e-0000-4000-8000-000000000002"));
        assertEquals(hmacSha1Base64(SECRET, username), json.getString("iceServers[1].credential"));
        assertNotEquals(hmacSha1Base64("another-secret", username), json.getString("iceServers[1].credential"));
    }

    private static String hmacSha1Base64(String secret, String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }
}
