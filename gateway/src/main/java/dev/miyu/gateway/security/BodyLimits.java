package dev.miyu.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miyu.gateway.config.GatewayConfig;
import dev.miyu.gateway.http.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * How large a request body may be: attachment uploads get their own limit, everything else the small API one.
 * Declared lengths are refused here, before anything reads a byte; bodies streamed without a length are cut off
 * by the proxy at the same limit.
 */
@ApplicationScoped
public class BodyLimits implements Handler<RoutingContext> {

    private static final String ATTACHMENTS = "/api/attachments";

    private final long apiBytes;
    private final long attachmentBytes;

    public BodyLimits(GatewayConfig config) {
        this.apiBytes = config.limits().apiBody().asLongValue();
        this.attachmentBytes = config.limits().attachmentBody().asLongValue();
    }

    public long limitFor(String normalizedPath) {
        boolean attachment = normalizedPath.equals(ATTACHMENTS) || normalizedPath.startsWith(ATTACHMENTS + "/");
        return attachment ? attachmentBytes : apiBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            ctx.next();
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            Problems.send(ctx, 400, "Content-Length is not a number.");
            return;
        }
        long limit = limitFor(ctx.normalizedPath());
        if (length > limit) {
            Problems.send(ctx, 413, tooLarge(limit));
            return;
        }
        ctx.next();
    }

    public static String tooLarge(long limit) {
        return "The request body is larger than the " + limit + " bytes allowed here.";
    }
}
