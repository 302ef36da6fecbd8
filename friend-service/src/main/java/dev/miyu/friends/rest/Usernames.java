package dev.miyu.friends.rest;

/** The shape of a username as clients may type it; it is compared in lowercase. */
final class Usernames {

    static final String PATTERN = "[A-Za-z0-9_.-]*";
    static final String PATTERN_MESSAGE = "may only contain letters, digits, '_', '.' and '-'";
    static final int MAX_LENGTH = 32;

    private Usernames() {
    }
}
