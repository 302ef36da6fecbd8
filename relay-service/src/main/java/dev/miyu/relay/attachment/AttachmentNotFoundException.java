package dev.miyu.relay.attachment;

/** No such attachment, or one the caller may not read: the two are deliberately not told apart. */
public class AttachmentNotFoundException extends RuntimeException {

    public AttachmentNotFoundException() {
        super("no such attachment");
    }
}
