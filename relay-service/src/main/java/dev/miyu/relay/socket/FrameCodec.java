package dev.miyu.relay.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import dev.miyu.relay.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.miyu.relay.socket.ServerFrame.Rejected.BAD_FRAME;
import static dev.miyu.relay.socket.ServerFrame.Rejected.TOO_LARGE;

/** Reads client frames (shape, size and field rules) and writes server frames. Never logs a frame. */
@ApplicationScoped
public class FrameCodec {

    private final ObjectMapper json;
    private final ObjectReader clientFrames;
    private final ObjectWriter serverFrames;
    private final Validator validator;
    private final RelayConfig config;

    public FrameCodec(ObjectMapper json, Validator validator, RelayConfig config) {
        this.json = json;
        this.clientFrames = json.readerFor(ClientFrame.class);
        this.serverFrames = json.writerFor(ServerFrame.class);
        this.validator = validator;
        this.config = config;
    }

    /** @throws FrameRejectedException for a frame that is not JSON, too long, of unknown type or with a bad field */
    ClientFrame read(String text) {
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FrameRejectedException(null, BAD_FRAME, "a frame must be a JSON object");
        }
        if (tree == null || !tree.isObject()) {
            throw new FrameRejectedException(null, BAD_FRAME, "a frame must be a JSON object");
        }
        String id = tree.path("id").isTextual() ? tree.get("id").asText() : null;
        int maxChars = config.limits().maxFrameChars();
        if (text.length() > maxChars) {
            throw new FrameRejectedException(id, TOO_LARGE, "a frame may be at most " + maxChars + " characters");
        }
        ClientFrame frame;
        try {
            frame = clientFrames.readValue(tree);
        } catch (InvalidTypeIdException e) {
            throw new FrameRejectedException(id, BAD_FRAME, "type must be one of send, ack, ping");
        } catch (JsonMappingException e) {
            throw new FrameRejectedException(id, BAD_FRAME, field(e) + ": wrong type or format");
        } catch (IOException e) {
            throw new FrameRejectedException(id, BAD_FRAME, "a frame must be a JSON object");
        }
        Set<ConstraintViolation<ClientFrame>> violations = validator.validate(frame);
        if (!violations.isEmpty()) {
            throw new FrameRejectedException(id, BAD_FRAME, violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .sorted()
                    .collect(Collectors.joining("; ")));
        }
        return frame;
    }

    String write(ServerFrame frame) {
        try {
            return serverFrames.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("server frame cannot be written as JSON: " + frame.getClass().getSimpleName(), e);
        }
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
