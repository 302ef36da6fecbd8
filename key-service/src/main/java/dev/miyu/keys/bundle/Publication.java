package dev.miyu.keys.bundle;

/** The caller's current bundle after a publish; {@code created} is false when it was already current. */
public record Publication(KeyBundle bundle, boolean created) {
}
