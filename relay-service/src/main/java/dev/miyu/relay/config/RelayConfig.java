package dev.miyu.relay.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Everything the relay can be told: who may open a socket, how long things live, and the limits it enforces. */
@ConfigMapping(prefix = "miyu.relay")
public interface RelayConfig {

    /** Identifies this process among the relay instances; random at every start. */
    UUID instanceId();

    /** Origins whose pages may open {@code /ws}. A request without an Origin header (not a browser) is let through. */
    List<String> allowedOrigins();

    /** How long a WebSocket ticket can be used. */
    Duration ticketTtl();

    /** How long an accepted envelope id is remembered after its envelope left the queue, to answer resends. */
    Duration sentIdRetention();

    Limits limits();

    Attachments attachments();

    interface Limits {

        /** Longest text frame, in characters, that is read as a frame; longer ones are answered {@code too-large}. */
        int maxFrameChars();

        /** Largest envelope body once base64-decoded. */
        int maxBodyBytes();

        /** Send frames per second per connection (a bucket of this many, refilled evenly over a second). */
        int messagesPerSecond();

        /** Envelopes waiting for one recipient before further sends to them are answered {@code queue-full}. */
        int queueLength();

        /** WebSocket tickets per user per minute (per instance). */
        int ticketsPerMinute();

        /** Attachment uploads per user per minute (per instance). */
        int uploadsPerMinute();
    }

    interface Attachments {

        /** Largest blob, and so the largest request body this service reads. */
        MemorySize maxSize();

        /** Blobs older than this are deleted. */
        Duration retention();

        /** How often expired blobs are looked for. */
        Duration cleanupEvery();
    }
}
