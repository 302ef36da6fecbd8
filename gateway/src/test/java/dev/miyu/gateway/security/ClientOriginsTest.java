package dev.miyu.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.miyu.gateway.security.ClientOrigins.ClientOrigin;

class ClientOriginsTest {

    @Test
    void withoutTrustedProxiesTheClaimedChainIsIgnored() {
        ClientOrigin origin = new ClientOrigins(List.of()).resolve("198.51.100.7", List.of("203.0.113.1"), "https", false);
        assertEquals("198.51.100.7", origin.address());
        assertEquals("198.51.100.7", origin.forwardedFor());
        assertEquals("http", origin.proto());
    }

    @Test
    void trustedProxyIsBelievedAboutTheHopBeforeIt() {
        ClientOrigin origin = new ClientOrigins(List.of("10.0.0.0/8")).resolve("10.1.2.3", List.of("203.0.113.1"), "https", false);
        assertEquals("203.0.113.1", origin.address());
        assertEquals("203.0.113.1, 10.1.2.3", origin.forwardedFor());
        assertTrue(origin.https());
    }

    @Test
    void addressesAClientWroteBeforeTheFirstUntrustedHopAreDropped() {
        ClientOrigin origin = new ClientOrigins(List.of("10.0.0.0/8"))
                .resolve("10.1.2.3", List.of("1.1.1.1, 203.0.113.1", "10.9.9.9"), "http", false);
        assertEquals("203.0.113.1", origin.address());
        assertEquals("203.0.113.1, 10.9.9.9, 10.1.2.3", origin.forwardedFor());
    }

    @Test
    void somethingThatIsNotAnAddressEndsTheChain() {
        ClientOrigin origin = new ClientOrigins(List.of("10.0.0.0/8")).resolve("10.1.2.3", List.of("evil.example"), null, false);
        assertEquals("10.1.2.3", origin.address());
        assertFalse(origin.https());
    }

    @Test
    void rangesMatchIpv6AndIpv4MappedAddresses() {
        ClientOrigins origins = new ClientOrigins(List.of("::1", "192.168.0.0/16"));
        assertEquals("203.0.113.1", origins.resolve("0:0:0:0:0:0:0:1", List.of("203.0.113.1"), null, false).address());
        assertEquals("203.0.113.1", origins.resolve("::ffff:192.168.4.5", List.of("203.0.113.1"), null, false).address());
        assertEquals("192.169.0.1", origins.resolve("192.169.0.1", List.of("203.0.113.1"), null, false).address());
    }

    @Test
    void directTlsConnectionIsHttpsWhateverTheHeadersSay() {
        assertTrue(new ClientOrigins(List.of()).resolve("198.51.100.7", List.of(), "http", true).https());
    }
}
