package dev.miyu.presence.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The JSON body of every error this service answers: status, its reason phrase, a sentence, and field errors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(int status, String title, String detail, List<FieldError> errors) {

    public record FieldError(String field, String message) {
    }

    static Problem of(Response.Status status, String detail) {
        return new Problem(status.getStatusCode(), status.getReasonPhrase(), detail, null);
    }

    static Problem of(Response.Status status, String detail, List<FieldError> errors) {
        return new Problem(status.getStatusCode(), status.getReasonPhrase(), detail, errors);
    }
}
