package dev.miyu.relay.attachment;

import java.util.UUID;

public record StoredAttachment(UUID id, UUID uploaderId, long size) {
}
