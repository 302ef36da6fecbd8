package dev.miyu.gateway.security;

import java.util.Arrays;
import java.util.HexFormat;

import io.netty.util.NetUtil;

/** An IPv4 or IPv6 CIDR range ("10.0.0.0/8", "::1/128"); a bare address is a range of one. */
record AddressRange(byte[] network, int prefixBits) {

    static AddressRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        byte[] address = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("Not an IP address or CIDR range: " + text);
        }
        int bits = slash < 0 ? address.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
        if (bits < 0 || bits > address.length * 8) {
            throw new IllegalArgumentException("Prefix length out of range: " + text);
        }
        return new AddressRange(address, bits);
    }

    /**
     * The bytes of an IP literal, IPv4-mapped IPv6 addresses folded to IPv4; null for anything else. Never resolves
     * names, so a forged header cannot make the gateway query DNS.
     */
    static byte[] literal(String text) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text.trim());
        if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    /**
     * The unit one subscriber controls: an IPv4 address, or an IPv6 /64, since a single host can hand itself any of
     * the 2^64 addresses in its network and would otherwise get a fresh rate limit for each.
     */
    static String subscriberKey(String address) {
        byte[] bytes = literal(address);
        if (bytes == null || bytes.length == 4) {
            return address;
        }
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixBits / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixBits % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - restBits)) & 0xff;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
