package dev.miyu.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/** Every event on a MiYu topic: identified, typed (the JSON {@code type} field), timestamped and versioned. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AccountRegistered.class, name = "AccountRegistered"),
        @JsonSubTypes.Type(value = AccountDeleted.class, name = "AccountDeleted"),
        @JsonSubTypes.Type(value = KeyBundlePublished.class, name = "KeyBundlePublished"),
        @JsonSubTypes.Type(value = PrekeysLow.class, name = "PrekeysLow"),
        @JsonSubTypes.Type(value = FriendRequested.class, name = "FriendRequested"),
        @JsonSubTypes.Type(value = FriendRequestDeclined.class, name = "FriendRequestDeclined"),
        @JsonSubTypes.Type(value = FriendshipCreated.class, name = "FriendshipCreated"),
        @JsonSubTypes.Type(value = FriendshipRemoved.class, name = "FriendshipRemoved"),
        @JsonSubTypes.Type(value = PresenceChanged.class, name = "PresenceChanged"),
        @JsonSubTypes.Type(value = EnvelopeQueued.class, name = "EnvelopeQueued"),
        @JsonSubTypes.Type(value = ConnectionOpened.class, name = "ConnectionOpened"),
})
public sealed interface MiyuEvent permits AccountRegistered, AccountDeleted, KeyBundlePublished, PrekeysLow, FriendRequested,
        FriendRequestDeclined, FriendshipCreated, FriendshipRemoved, PresenceChanged, EnvelopeQueued, ConnectionOpened {

    /** Schema version written by this code; readers accept this and older versions. */
    int CURRENT_VERSION = 1;

    UUID eventId();

    Instant occurredAt();

    int version();

    /** The topic this event belongs to. */
    @JsonIgnore
    String topic();

    /** The Kafka record key: the id of the user the event concerns, so per-user order holds. */
    @JsonIgnore
    String key();

    @JsonIgnore
    default String type() {
        return getClass().getSimpleName();
    }
}
