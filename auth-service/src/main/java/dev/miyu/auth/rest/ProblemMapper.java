package dev.miyu.auth.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.miyu.auth.account.InvalidCredentialsException;
import dev.miyu.auth.account.UsernameTakenException;
import dev.miyu.auth.rest.Problem.FieldError;
import dev.miyu.auth.throttle.TooManyAttemptsException;
import dev.miyu.auth.token.InvalidRefreshTokenException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Turns every failure a client can cause into a JSON problem body; bad input names the offending field. */
public class ProblemMapper {

    private static final String BODY = "body";

    @ServerExceptionMapper
    public RestResponse<Problem> usernameTaken(UsernameTakenException e) {
        return problem(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidCredentials(InvalidCredentialsException e) {
        return problem(Response.Status.UNAUTHORIZED, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidRefreshToken(InvalidRefreshTokenException e) {
        return problem(Response.Status.UNAUTHORIZED, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> tooManyAttempts(TooManyAttemptsException e) {
        // Whole seconds, rounded up, so that a client that waits exactly this long is let through.
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        Problem body = new Problem(429, Response.Status.TOO_MANY_REQUESTS.getReasonPhrase(),
                "too many attempts; retry after " + seconds + " seconds", null);
        return RestResponse.ResponseBuilder.create(Response.Status.TOO_MANY_REQUESTS, body)
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidFields(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new FieldError(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return badRequest(errors);
    }

    /** Unknown fields, wrong JSON types, and a body that is not one JSON object. */
    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e) {
        String field = fieldOf(e);
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (field.equals(BODY)) {
            message = "must be one JSON object";
        } else {
            message = "has the wrong type";
        }
        return badRequest(List.of(new FieldError(field, message)));
    }

    /** Malformed JSON arrives wrapped in a 400; the rest (404, 405, 413, 415, ...) keep their status. */
    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException) {
            return badRequest(List.of(new FieldError(BODY, "is not valid JSON")));
        }
        return problem(e.getResponse().getStatusInfo(), null);
    }

    static Problem tooLarge(long maxBytes) {
        return new Problem(413, Response.Status.REQUEST_ENTITY_TOO_LARGE.getReasonPhrase(),
                "request body is larger than " + maxBytes + " bytes", null);
    }

    private static RestResponse<Problem> badRequest(List<FieldError> errors) {
        String fields = errors.stream().map(FieldError::field).distinct().collect(Collectors.joining(", "));
        Problem body = new Problem(400, Response.Status.BAD_REQUEST.getReasonPhrase(), "invalid input: " + fields, errors);
        return RestResponse.ResponseBuilder.create(Response.Status.BAD_REQUEST, body).type(Problem.MEDIA_TYPE).build();
    }

    private static RestResponse<Problem> problem(Response.StatusType status, String detail) {
        Problem body = new Problem(status.getStatusCode(), status.getReasonPhrase(), detail, null);
        return RestResponse.ResponseBuilder.create(status, body).type(Problem.MEDIA_TYPE).build();
    }

    /** The path inside the request body, without the resource method and parameter; the body itself if empty. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String field = StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .filter(node -> node.getKind() != ElementKind.METHOD && node.getKind() != ElementKind.PARAMETER)
                .map(Path.Node::getName)
                .collect(Collectors.joining("."));
        return field.isEmpty() ? BODY : field;
    }

    private static String fieldOf(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return field.isEmpty() ? BODY : field;
    }
}
