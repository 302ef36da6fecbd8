package dev.miyu.relay.socket;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** The frames a client sends (docs/protocol.md). Fields a frame does not define, such as a {@code from}, are ignored. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
        @JsonSubTypes.Type(value = ClientFrame.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
})
public sealed interface ClientFrame {

    /** An envelope for a friend; {@code body} is base64 ciphertext the relay never looks into. */
    record Send(@NotNull UUID id, @NotBlank @Size(max = 64) String to, @NotBlank String body) implements ClientFrame {
    }

    /** The client has stored the delivered envelope {@code id}; the relay may forget it. */
    record Ack(@NotNull UUID id) implements ClientFrame {
    }

    record Ping() implements ClientFrame {
    }
}
