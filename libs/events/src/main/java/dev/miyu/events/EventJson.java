package dev.miyu.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON serde for events; producers and consumers use the same mapper so the wire format has one definition. */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Newer producers may add fields; old consumers must keep working.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }

    public static String write(MiyuEvent event) {
        try {
            return MAPPER.writerFor(MiyuEvent.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + event.type(), e);
        }
    }

    /** Reads any event; throws {@link MalformedEventException} for JSON that is not a known event. */
    public static MiyuEvent read(String json) {
        try {
            return MAPPER.readValue(json, MiyuEvent.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(e);
        }
    }

    public static final class MalformedEventException extends RuntimeException {
        MalformedEventException(JsonProcessingException cause) {
            super("not a MiYu event: " + cause.getOriginalMessage(), cause);
        }
    }
}
