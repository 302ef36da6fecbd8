package dev.miyu.relay.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The JSON body of every error this service answers (RFC 9457 problem details, type omitted: about:blank). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(int status, String title, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    static Problem of(Response.StatusType status, String detail) {
        return new Problem(status.getStatusCode(), status.getReasonPhrase(), detail, null);
    }
}
