package dev.miyu.presence.online;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A user's online state and where their last heartbeat came from. */
@Entity
@Table(name = "presence")
public class Presence {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "username")
    public String username;

    @Column(name = "online")
    public boolean online;

    @Column(name = "last_active")
    public Instant lastActive;

    @Column(name = "client_ip")
    public String clientIp;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "instance_id")
    public String instanceId;

    /** Applies a heartbeat; true when it brought the user back online. */
    boolean beat(Heartbeat heartbeat, String instance, Instant at) {
        boolean cameOnline = !online;
        username = heartbeat.username();
        online = true;
        lastActive = at;
        clientIp = heartbeat.clientIp();
        userAgent = heartbeat.userAgent();
        instanceId = instance;
        return cameOnline;
    }

    /** Takes the user offline at once (logout); false when they were not online. */
    boolean leave(Instant at) {
        if (!online) {
            return false;
        }
        online = false;
        lastActive = at;
        return true;
    }
}
