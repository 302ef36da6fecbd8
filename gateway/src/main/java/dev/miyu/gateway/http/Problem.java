package dev.miyu.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;

/**
 * The body of every error the gateway answers itself (RFC 9457 problem details, type omitted so it reads as
 * about:blank). The request id lets a user's report be matched to the gateway's and the services' log lines.
 */
public record Problem(String title, int status, String detail, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String detail, String requestId) {
        return new Problem(HttpResponseStatus.valueOf(status).reasonPhrase(), status, detail, requestId);
    }

    public Buffer toJson() {
        return Json.encodeToBuffer(this);
    }
}
