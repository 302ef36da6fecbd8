package dev.miyu.relay.socket;

/** A client frame that is answered with a {@code rejected} frame instead of being acted on. */
class FrameRejectedException extends RuntimeException {

    private final String id;
    private final String code;

    FrameRejectedException(String id, String code, String reason) {
        super(reason);
        this.id = id;
        this.code = code;
    }

    ServerFrame.Rejected toFrame() {
        return new ServerFrame.Rejected(id, code, getMessage());
    }
}
