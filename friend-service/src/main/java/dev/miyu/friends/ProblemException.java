package dev.miyu.friends;

import java.util.Map;

/**
 * A failure the caller can understand and act on: one subclass per failure, each with its HTTP status and a sentence
 * naming the problem. rest.ProblemMapper turns every one of them into the same JSON problem body.
 */
public abstract class ProblemException extends RuntimeException {

    private final int status;

    protected ProblemException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Extra response headers (e.g. Retry-After); none by default. */
    public Map<String, String> headers() {
        return Map.of();
    }
}
