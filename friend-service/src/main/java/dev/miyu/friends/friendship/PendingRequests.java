package dev.miyu.friends.friendship;

import java.util.List;

/** A user's pending requests: those waiting for their answer, and those they are waiting on. */
public record PendingRequests(List<RequestView> incoming, List<RequestView> outgoing) {
}
