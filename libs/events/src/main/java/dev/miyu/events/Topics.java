package dev.miyu.events;

import java.util.List;

/** Topic names of DESIGN §3: one topic per aggregate. */
public final class Topics {
    public static final String ACCOUNTS = "miyu.accounts";
    public static final String KEYS = "miyu.keys";
    public static final String FRIENDSHIPS = "miyu.friendships";
    public static final String PRESENCE = "miyu.presence";
    public static final String DELIVERIES = "miyu.deliveries";

    public static final List<String> ALL = List.of(ACCOUNTS, KEYS, FRIENDSHIPS, PRESENCE, DELIVERIES);

    private Topics() {
    }
}
