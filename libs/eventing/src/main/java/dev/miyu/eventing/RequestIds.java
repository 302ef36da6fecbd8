package dev.miyu.eventing;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.regex.Pattern;

/**
 * The request id the gateway gives every request ({@code X-Request-Id}), kept in the logging context (MDC key
 * {@value #MDC_KEY}) so every log line of the request carries it, stored with outbox events and sent as the Kafka
 * header {@value #HEADER}, so a consumer's log lines carry it too.
 */
public class RequestIds {

    public static final String HTTP_HEADER = "X-Request-Id";
    public static final String HEADER = "miyu-request-id";
    public static final String MDC_KEY = "requestId";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    /** The current request id, or null outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }

    /** Adopts an id received from the gateway or from a Kafka header; anything malformed is ignored. */
    public static void adopt(String id) {
        if (id != null && VALID.matcher(id).matches()) {
            MDC.put(MDC_KEY, id);
        } else {
            MDC.remove(MDC_KEY);
        }
    }

    @ServerRequestFilter(preMatching = true)
    public void fromGateway(ContainerRequestContext request) {
        adopt(request.getHeaderString(HTTP_HEADER));
    }
}
