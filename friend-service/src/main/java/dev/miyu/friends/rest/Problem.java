package dev.miyu.friends.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The JSON body of every error response, the same across MiYu's services. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(int status, String title, String detail, List<FieldError> errors) {

    public record FieldError(String field, String message) {
    }
}
