package dev.miyu.friends.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tunables of friend-service ({@code miyu.friends.*}). */
@ConfigMapping(prefix = "miyu.friends")
public interface FriendsConfig {

    RateLimit rateLimit();

    interface RateLimit {
        /** Write requests (send, answer, remove) one user may make per minute on one instance. */
        @WithDefault("30")
        int writesPerMinute();
    }
}
