package dev.miyu.presence.online;

import java.util.UUID;

/** One heartbeat as the gateway delivered it: who sent it, from which address and with which user agent. */
public record Heartbeat(UUID userId, String username, String clientIp, String userAgent) {

    static final int MAX_USER_AGENT = 256;

    public Heartbeat {
        userAgent = userAgent == null ? null : printable(userAgent);
    }

    /**
     * Keeps at most {@link #MAX_USER_AGENT} characters without splitting a surrogate pair, and drops control
     * characters, which PostgreSQL text cannot always hold (NUL) and which have no business in a user agent.
     */
    private static String printable(String userAgent) {
        StringBuilder kept = new StringBuilder(Math.min(userAgent.length(), MAX_USER_AGENT));
        userAgent.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .takeWhile(c -> kept.length() + Character.charCount(c) <= MAX_USER_AGENT)
                .forEach(kept::appendCodePoint);
        return kept.toString();
    }
}
