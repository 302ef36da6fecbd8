package dev.miyu.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void cidrRangesMatchByPrefix() {
        AddressRange range = AddressRange.parse("172.16.0.0/12");
        assertTrue(range.contains(AddressRange.literal("172.31.255.1")));
        assertFalse(range.contains(AddressRange.literal("172.32.0.1")));
        assertFalse(range.contains(AddressRange.literal("::1")));
    }

    @Test
    void namesAreNeverResolved() {
        assertNull(AddressRange.literal("localhost"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("gateway.internal/24"));
    }

    @Test
    void ipv6ClientsAreLimitedPerSlash64AndIpv4PerAddress() {
        assertEquals(AddressRange.subscriberKey("2001:db8:1:2::1"), AddressRange.subscriberKey("2001:db8:1:2:ffff::9"));
        assertFalse(AddressRange.subscriberKey("2001:db8:1:2::1").equals(AddressRange.subscriberKey("2001:db8:1:3::1")));
        assertEquals("203.0.113.1", AddressRange.subscriberKey("203.0.113.1"));
    }
}
