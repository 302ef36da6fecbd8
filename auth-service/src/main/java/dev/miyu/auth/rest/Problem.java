package dev.miyu.auth.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Every error answer: an RFC 9457 problem body, with the offending fields for bad input. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(int status, String title, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }
}
