package dev.miyu.gateway.alerts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a webhook receives: an alert that started firing, or one that stopped, with when it stopped. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(String status, Alert alert, Instant resolvedAt) {

    static Notification firing(Alert alert) {
        return new Notification("firing", alert, null);
    }

    static Notification resolved(Alert alert, Instant at) {
        return new Notification("resolved", alert, at);
    }
}
