package dev.miyu.gateway.http;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every request an id that the services, the client and the log lines share. A caller's id is kept when it
 * looks like one (an ingress in front may have set it); anything else is replaced, so that ids stay safe to log.
 */
public final class RequestId implements Handler<RoutingContext> {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    /** The request's id; set on the request headers by this filter, which runs before anything else. */
    public static String of(HttpServerRequest request) {
        return request.getHeader(HEADER);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String offered = request.getHeader(HEADER);
        String id = offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        request.headers().set(HEADER, id);
        // Quarkus keeps the MDC on the request's own Vert.x context, so this does not leak into other requests.
        MDC.put(MDC_KEY, id);
        // Set when the head is written so that a proxied service's own X-Request-Id cannot replace or duplicate it.
        ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HEADER, id));
        ctx.next();
    }
}
