package dev.miyu.keys.config;

import io.smallrye.config.ConfigMapping;

/** Limits of the key service: per-user write rates and the size of a private-key backup. */
@ConfigMapping(prefix = "miyu.keys")
public interface KeysConfig {

    RateLimit rateLimit();

    Backup backup();

    interface RateLimit {
        /** Bundle publishes a user may attempt per minute; a browser publishes once per key change. */
        int publishesPerMinute();

        /** Backup writes a user may attempt per minute; a browser writes one after each password or key change. */
        int backupWritesPerMinute();
    }

    interface Backup {
        /** Largest decoded backup blob accepted; two wrapped PKCS#8 keys take about 2 KB. */
        int maxBytes();
    }
}
