package dev.miyu.relay.support;

import dev.miyu.events.UserRef;
import dev.miyu.testsupport.TestTokens;

import java.util.UUID;

/** A user of one test: unique id and name, and a valid access token for them. */
public record TestUser(UUID id, String username, String token) {

    public static TestUser create() {
        UUID id = UUID.randomUUID();
        String username = "u" + id.toString().replace("-", "").substring(0, 12);
        return new TestUser(id, username, TestTokens.forUser(id, username));
    }

    public UserRef ref() {
        return new UserRef(id, username);
    }
}
