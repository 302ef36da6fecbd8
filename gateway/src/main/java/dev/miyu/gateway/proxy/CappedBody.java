package dev.miyu.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body of undeclared length (chunked) that fails once it grows past the limit, so a client cannot get
 * round the Content-Length check by not sending one. The proxy's pipe sees the failure and resets the upstream
 * request; the proxy then answers 413.
 */
final class CappedBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final long maxBytes;
    private long seen;
    private boolean exceeded;
    private Handler<Throwable> exceptionHandler;

    CappedBody(ReadStream<Buffer> source, long maxBytes) {
        this.source = source;
        this.maxBytes = maxBytes;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(chunk -> {
            if (exceeded) {
                return;
            }
            seen += chunk.length();
            if (seen > maxBytes) {
                exceeded = true;
                source.pause();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new IllegalStateException("Request body exceeds " + maxBytes + " bytes"));
                }
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(endHandler);
        return this;
    }
}
