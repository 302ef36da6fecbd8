package dev.miyu.relay.attachment;

public class EmptyAttachmentException extends RuntimeException {

    public EmptyAttachmentException() {
        super("the attachment is empty");
    }
}
