package dev.miyu.auth.throttle;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One counted event (a failed login, a registration) of one subject, a username or a client IP. */
@Entity
@Table(name = "throttle_events")
public class ThrottleEvent {

    /** What is counted, and by which subject. */
    public enum Kind {
        LOGIN_FAILURE_BY_USERNAME,
        LOGIN_FAILURE_BY_IP,
        REGISTRATION_BY_IP
    }

    @Id
    private UUID id;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    private String subject;

    @Column(name = "occurred_at")
    private Instant occurredAt;

    protected ThrottleEvent() {
    }

    public ThrottleEvent(Kind kind, String subject, Instant occurredAt) {
        this.id = UUID.randomUUID();
        this.kind = kind;
        this.subject = subject;
        this.occurredAt = occurredAt;
    }

    public Instant occurredAt() {
        return occurredAt;
    }
}
