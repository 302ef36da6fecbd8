package dev.miyu.gateway.proxy;

import java.util.concurrent.TimeoutException;

/** What went wrong between the gateway and a service, and the status the client gets for it. */
enum UpstreamFailure {
    /** No connection could be had in time: the service is down, restarting or overloaded. */
    UNAVAILABLE(503, "is unavailable"),
    /** Connected, but the service went silent for longer than the read timeout. */
    TIMEOUT(504, "did not answer in time"),
    /** Connected, but the exchange broke off (reset, closed, malformed answer). */
    BROKEN(502, "failed to answer");

    final int status;
    private final String phrase;

    UpstreamFailure(int status, String phrase) {
        this.status = status;
        this.phrase = phrase;
    }

    static UpstreamFailure of(Throwable failure) {
        if (failure instanceof NoConnection) {
            return UNAVAILABLE;
        }
        return failure instanceof TimeoutException ? TIMEOUT : BROKEN;
    }

    String describe(Upstream upstream) {
        return "The " + upstream.serviceName() + " " + phrase + "; try again shortly.";
    }

    /**
     * Marks a failure to obtain a connection at all; Vert.x reports a pool or connect timeout as the same
     * TimeoutException as a silent service.
     */
    static final class NoConnection extends Exception {

        NoConnection(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
