package dev.miyu.keys.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The JSON body of every error response, shared by all MiYu services. {@code currentVersion} is set only when a
 * backup write lost a compare-and-set, so the client knows which version to re-read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(int status, String title, String detail, List<FieldError> errors, Integer currentVersion) {

    public record FieldError(String field, String message) {
    }

    static Problem of(Response.StatusType status, String detail) {
        return new Problem(status.getStatusCode(), status.getReasonPhrase(), detail, null, null);
    }

    static Problem of(Response.StatusType status, String detail, List<FieldError> errors) {
        return new Problem(status.getStatusCode(), status.getReasonPhrase(), detail, errors, null);
    }
}
