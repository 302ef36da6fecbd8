package dev.miyu.friends.friendship;

import java.util.UUID;

/**
 * Two users in canonical order, so a pair has one key whichever side acts. Compares the textual forms: lowercase hex
 * sorts exactly as PostgreSQL sorts uuid values (byte by byte), unlike {@link UUID#compareTo} (signed longs), and the
 * table's CHECK constraint holds us to it.
 */
public record UserPair(UUID low, UUID high) {

    public static UserPair of(UUID a, UUID b) {
        if (a.equals(b)) {
            throw new IllegalArgumentException("a pair needs two different users");
        }
        return a.toString().compareTo(b.toString()) < 0 ? new UserPair(a, b) : new UserPair(b, a);
    }
}
