package dev.miyu.relay.socket;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/** The frames the relay sends (docs/protocol.md). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerFrame.Accepted.class, name = "accepted"),
        @JsonSubTypes.Type(value = ServerFrame.Rejected.class, name = "rejected"),
        @JsonSubTypes.Type(value = ServerFrame.Deliver.class, name = "deliver"),
        @JsonSubTypes.Type(value = ServerFrame.Presence.class, name = "presence"),
        @JsonSubTypes.Type(value = ServerFrame.KeyChanged.class, name = "key-changed"),
        @JsonSubTypes.Type(value = ServerFrame.Friendship.class, name = "friendship"),
        @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
})
public sealed interface ServerFrame {

    /** The envelope is stored for its recipient under {@code seq}. */
    record Accepted(UUID id, long seq) implements ServerFrame {
    }

    /**
     * A frame was refused; the connection stays open. {@code id} echoes the frame's id when it had a readable one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejected(String id, String code, String reason) implements ServerFrame {
        public static final String NOT_FRIENDS = "not-friends";
        public static final String TOO_LARGE = "too-large";
        public static final String RATE_LIMITED = "rate-limited";
        public static final String QUEUE_FULL = "queue-full";
        public static final String BAD_FRAME = "bad-frame";
        public static final String UNAVAILABLE = "unavailable";
    }

    record Deliver(UUID id, String from, long seq, Instant sentAt, String body) implements ServerFrame {
    }

    record Presence(String user, boolean online, Instant lastActive) implements ServerFrame {
    }

    record KeyChanged(String user, String fingerprint) implements ServerFrame {
    }

    /** {@code event} is requested, declined, created or removed; {@code user} is the other party. */
    record Friendship(String event, String user) implements ServerFrame {
    }

    record Pong() implements ServerFrame {
    }
}
