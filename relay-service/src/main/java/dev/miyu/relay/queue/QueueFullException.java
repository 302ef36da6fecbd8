package dev.miyu.relay.queue;

/** The recipient already has as many envelopes waiting as the relay keeps for one user. */
public class QueueFullException extends RuntimeException {

    public QueueFullException() {
        super("the recipient has too many messages waiting; try again later");
    }
}
