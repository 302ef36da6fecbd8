package dev.miyu.gateway.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    @Test
    void usernameIsExpiryColonUserAndCredentialIsBase64HmacSha1() {
        TurnCredentials turn = new TurnCredentials("north-wind-secret", Duration.ofHours(12));
        TurnCredentials.Credential c = turn.issue("6f1c2a4e-0000-4000-8000-000000000001",
                Instant.ofEpochSecond(1_700_000_000L - 12 * 3600));
        assertEquals("1700000000:6f1c2a4e-0000-4000-8000-000000000001", c.username());
        // python3: base64.b64encode(hmac.new(b'north-wind-secret', username, hashlib.sha1).digest())
        assertEquals("hGbgYAXEGZfbmFZEXrkHLOuRZaM=", c.credential());
    }

    @Test
    void secretIsUsedAsUtf8() {
        TurnCredentials turn = new TurnCredentials("密语", Duration.ofHours(12));
        assertEquals("AxSzvnSFiBcbS1m10SMyWL/LpdU=", turn.sign("1700043200:u"));
    }

    @Test
    void refusesAnEmptySecretOrLifetime() {
        assertThrows(IllegalArgumentException.class, () -> new TurnCredentials("", Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new TurnCredentials("s", Duration.ZERO));
    }
}
