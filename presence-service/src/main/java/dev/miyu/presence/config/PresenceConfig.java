package dev.miyu.presence.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** How presence-service decides who is online, and how much it lets one user write. */
@ConfigMapping(prefix = "miyu.presence")
public interface PresenceConfig {

    /** A user whose last heartbeat is older than this is offline (clients send one every 20 s). */
    Duration timeout();

    /** How often each instance looks for users whose heartbeats stopped (read by the sweeper's schedule). */
    Duration sweepInterval();

    /** Names this instance in the presence table, so an operator can tell which instance took a user's heartbeats. */
    String instanceId();

    RateLimit rateLimit();

    /** Counted per user and per instance, in memory: heartbeats and explicit logouts together. */
    interface RateLimit {

        int perMinute();
    }
}
