package dev.miyu.gateway.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.miyu.gateway.config.GatewayConfig;

/** Start-up checks of the ICE configuration (the HTTP answers are in IceConfigTest and IceConfigWithServersTest). */
class IceConfigEndpointTest {

    record Ice(Optional<List<String>> stunUrls, Optional<List<String>> turnUrls, Optional<String> turnSecret,
            Duration turnTtl) implements GatewayConfig.Ice {
    }

    @Test
    void refusesUrlsOfTheWrongScheme() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IceConfigEndpoint(
                new Ice(Optional.of(List.of("turn:x:3478")), Optional.empty(), Optional.empty(), Duration.ofHours(1)),
                Clock.systemUTC()));
        assertTrue(e.getMessage().contains("stun-urls"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IceConfigEndpoint(
                new Ice(Optional.empty(), Optional.of(List.of("https://turn.example")), Optional.of("s"), Duration.ofHours(1)),
                Clock.systemUTC()));
    }

    @Test
    void acceptsStunsAndTurnsAndTurnWithoutSecret() {
        IceConfigEndpoint secure = new IceConfigEndpoint(new Ice(Optional.of(List.of("stuns:a:5349", " STUN:b ")),
                Optional.of(List.of("turns:t:5349?transport=tcp")), Optional.of("s"), Duration.ofHours(1)), Clock.systemUTC());
        assertEquals(List.of("stuns:a:5349", "STUN:b"), secure.offeredStunUrls());
        assertEquals(List.of("turns:t:5349?transport=tcp"), secure.offeredTurnUrls());
        // TURN URLs without a secret: a warning at start-up, no TURN entry, no failure
        IceConfigEndpoint noSecret = new IceConfigEndpoint(new Ice(Optional.empty(), Optional.of(List.of("turn:t:3478")),
                Optional.of(" "), Duration.ofHours(1)), Clock.systemUTC());
        assertEquals(List.of(), noSecret.offeredStunUrls());
        assertEquals(List.of(), noSecret.offeredTurnUrls());
    }
}
