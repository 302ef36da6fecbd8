package dev.miyu.gateway.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/** Ends an exchange with a {@link Problem}. */
public final class Problems {

    /**
     * How long the rest of a refused request's body is read and dropped before the connection is closed. Closing at
     * once would make the kernel reset the connection over the unread bytes, and a browser still uploading would then
     * report a network error instead of the answer; never closing would let a client stream for ever.
     */
    private static final long DRAIN_MILLIS = 5_000;

    private Problems() {
    }

    public static void send(RoutingContext ctx, int status, String detail) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // Too late to change the answer; dropping the connection is the only honest signal left.
            response.reset();
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Problem.of(status, detail, RequestId.of(ctx.request())).toJson());
        closeIfBodyOutlastsDrain(ctx);
    }

    /**
     * For an exchange answered before its request body was read: Quarkus drains the body once the response has
     * ended; this bounds how long that may take.
     */
    public static void closeIfBodyOutlastsDrain(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!hasBody(request) || request.isEnded()) {
            return;
        }
        ctx.vertx().setTimer(DRAIN_MILLIS, id -> {
            if (request.isEnded()) {
                return;
            }
            if (request.version() == HttpVersion.HTTP_2) {
                // Other requests share the connection; ending this one stream is enough.
                ctx.response().reset();
            } else {
                request.connection().close();
            }
        });
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || (length != null && !"0".equals(length.trim()));
    }
}
