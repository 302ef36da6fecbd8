package dev.miyu.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/**
 * The body of every error a MiYu service answers (RFC 9457 problem details, type omitted so it reads as
 * about:blank). It is a contract: web-client/src/net/api.ts reads {@code status}, {@code title}, {@code detail},
 * {@code errors[].field} and {@code currentVersion}. Fields that do not apply are left out.
 *
 * @param currentVersion set only when a versioned write lost a compare-and-set, so the client knows what to re-read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(int status, String title, String detail, List<FieldError> errors, Integer currentVersion) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending input: the JSON field, query or path parameter the client named, and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String detail) {
        return new Problem(status, reasonPhrase(status), detail, null, null);
    }

    public static Problem of(Response.StatusType status, String detail) {
        return of(status.getStatusCode(), detail);
    }

    public static Problem of(Response.StatusType status, String detail, List<FieldError> errors) {
        return new Problem(status.getStatusCode(), status.getReasonPhrase(), detail, errors, null);
    }

    public Problem withCurrentVersion(int version) {
        return new Problem(status, title, detail, errors, version);
    }

    /** The response carrying this body, with its status and the problem media type. */
    public RestResponse<Problem> response() {
        return builder().build();
    }

    /** For a response that needs headers as well (Retry-After, WWW-Authenticate). */
    public RestResponse.ResponseBuilder<Problem> builder() {
        return RestResponse.ResponseBuilder.<Problem>create(status).entity(this).type(MEDIA_TYPE);
    }

    private static String reasonPhrase(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }
}
