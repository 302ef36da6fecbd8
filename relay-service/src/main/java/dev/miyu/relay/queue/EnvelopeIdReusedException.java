package dev.miyu.relay.queue;

/** The sender already used this envelope id for a different recipient. */
public class EnvelopeIdReusedException extends RuntimeException {

    public EnvelopeIdReusedException() {
        super("id was already used for another recipient");
    }
}
