package dev.miyu.keys.prekey;

import io.smallrye.config.ConfigMapping;

/** Bounds of the prekey store: how many one-time prekeys a user may hold and when to ask for more. */
@ConfigMapping(prefix = "miyu.prekeys")
public interface PrekeysConfig {

    /** Most one-time prekeys stored per user; an upload that would exceed it is refused. */
    int maxStock();

    /** A {@code PrekeysLow} event is published whenever a fetch leaves fewer than this many. */
    int lowStock();
}
