package dev.miyu.gateway.proxy;

import org.jboss.logging.Logger;

import dev.miyu.gateway.http.Problem;
import dev.miyu.gateway.http.Problems;
import dev.miyu.gateway.http.RequestId;
import dev.miyu.gateway.security.BodyLimits;
import dev.miyu.gateway.security.ClientOrigins;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.WebServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Shapes each proxied exchange: the path the gateway authorised is the path the service gets, forwarding headers
 * are the gateway's own, bodies without a length are capped as they stream, and a failing service becomes a
 * problem body instead of an empty 502.
 */
final class ForwardingInterceptor implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(ForwardingInterceptor.class);
    private static final String ANSWERED_BY_GATEWAY = "miyu.answeredByGateway";

    private final Upstream upstream;
    private final BodyLimits bodyLimits;
    private final ClientOrigins clientOrigins;

    ForwardingInterceptor(Upstream upstream, BodyLimits bodyLimits, ClientOrigins clientOrigins) {
        this.upstream = upstream;
        this.bodyLimits = bodyLimits;
        this.clientOrigins = clientOrigins;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        HttpServerRequest incoming = request.proxiedRequest();
        // Routes matched the normalised path (dot segments resolved, unreserved escapes decoded); sending the raw
        // one on could let a service read a different path than the one the edge checks were made for.
        RoutingContext routing = routingContext(incoming);
        String query = incoming.query();
        request.setURI(query == null ? routing.normalizedPath() : routing.normalizedPath() + "?" + query);
        ForwardedHeaders.vouchFor(clientOrigins.resolve(incoming), request.headers());
        // The gateway has answered any 100-continue itself once the edge checks passed.
        request.headers().remove(HttpHeaders.EXPECT);

        if (incoming.version() == HttpVersion.HTTP_2 && !incoming.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            // The proxy sends a body of unknown length upstream (HTTP/1.1) chunked only when the client's request
            // said Transfer-Encoding: chunked, which an HTTP/2 request never does; the body would be lost.
            incoming.headers().set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
        }
        long maxBodyBytes = bodyLimits.limitFor(routing.normalizedPath());
        CappedBody capped = request.getBody() != null && request.getBody().length() < 0
                ? new CappedBody(request.getBody().stream(), maxBodyBytes)
                : null;
        if (capped != null) {
            request.setBody(Body.body(capped, -1));
        }
        return context.sendRequest().recover(failure -> {
            context.set(ANSWERED_BY_GATEWAY, Boolean.TRUE);
            ProxyResponse response = request.release().response();
            if (capped != null && capped.exceeded()) {
                return Future.succeededFuture(problem(response, 413, BodyLimits.tooLarge(maxBodyBytes), incoming));
            }
            UpstreamFailure kind = UpstreamFailure.of(failure);
            LOG.warnf("%s: %s %s -> %s", upstream.serviceName(), incoming.method(), routing.normalizedPath(), failure.getMessage());
            return Future.succeededFuture(problem(response, kind.status, kind.describe(upstream), incoming));
        });
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        ForwardedHeaders.dropHopByHop(context.response().headers());
        Future<Void> sent = context.sendResponse();
        if (Boolean.TRUE.equals(context.get(ANSWERED_BY_GATEWAY, Boolean.class))) {
            sent.onComplete(done -> Problems.closeIfBodyOutlastsDrain(routingContext(context.request().proxiedRequest())));
        }
        return sent;
    }

    /** The proxy is always handed the Vert.x Web request of a route, which knows its routing context. */
    private static RoutingContext routingContext(HttpServerRequest incoming) {
        return ((WebServerRequest) incoming).routingContext();
    }

    private static ProxyResponse problem(ProxyResponse response, int status, String detail, HttpServerRequest incoming) {
        return response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .setBody(Body.body(Problem.of(status, detail, RequestId.of(incoming)).toJson()));
    }
}
