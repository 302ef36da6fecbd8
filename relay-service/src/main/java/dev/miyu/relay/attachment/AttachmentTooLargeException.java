package dev.miyu.relay.attachment;

/** An upload without a Content-Length that turned out larger than the limit while it was read. */
public class AttachmentTooLargeException extends RuntimeException {

    public AttachmentTooLargeException(long maxBytes) {
        super("an attachment may be at most " + maxBytes + " bytes");
    }
}
