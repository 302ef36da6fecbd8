package dev.miyu.keys.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.miyu.keys.backup.InvalidBackupException;
import dev.miyu.keys.backup.NoBackupException;
import dev.miyu.keys.backup.StaleBackupVersionException;
import dev.miyu.keys.bundle.InvalidKeyBundleException;
import dev.miyu.keys.bundle.NoKeyBundleException;
import dev.miyu.keys.bundle.UsernameConflictException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Turns every failure a client can cause into a {@link Problem} body with the matching 4xx status. */
public class ProblemMapper {

    @ServerExceptionMapper
    public RestResponse<Problem> invalidBundle(InvalidKeyBundleException e) {
        List<Problem.FieldError> errors = e.problems().entrySet().stream()
                .map(problem -> new Problem.FieldError(problem.getKey(), problem.getValue()))
                .toList();
        return respond(Problem.of(Status.BAD_REQUEST, "the key bundle was not accepted", errors));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidBackup(InvalidBackupException e) {
        return respond(Problem.of(Status.BAD_REQUEST, "the backup was not accepted",
                List.of(new Problem.FieldError(e.field(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> noBundle(NoKeyBundleException e) {
        return respond(Problem.of(Status.NOT_FOUND, e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> noBackup(NoBackupException e) {
        return respond(Problem.of(Status.NOT_FOUND, e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> usernameConflict(UsernameConflictException e) {
        return respond(Problem.of(Status.CONFLICT, e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> staleBackup(StaleBackupVersionException e) {
        return respond(new Problem(Status.CONFLICT.getStatusCode(), Status.CONFLICT.getReasonPhrase(), e.getMessage(),
                null, e.currentVersion()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> rateLimited(RateLimitExceededException e) {
        return builder(Problem.of(Status.TOO_MANY_REQUESTS, e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidInput(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(field(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(Problem.of(Status.BAD_REQUEST, "the request has invalid fields", errors));
    }

    /**
     * Jackson's own messages quote the input, which may be key material; only the field path is echoed. Naming
     * MismatchedInputException replaces Quarkus's built-in mapper for it, which answers in another shape.
     */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public RestResponse<Problem> unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return respond(Problem.of(Status.BAD_REQUEST, "the request body does not match the expected JSON",
                    List.of(new Problem.FieldError(field, "has the wrong JSON type"))));
        }
        return respond(Problem.of(Status.BAD_REQUEST, "the request body is not valid JSON"));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Problem> unauthenticated() {
        return builder(Problem.of(Status.UNAUTHORIZED, "a valid bearer access token is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    /** Unknown paths, wrong methods, unsupported media types: keep the status, give it a JSON body. */
    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(Problem.of(status, e.getCause() instanceof JsonProcessingException
                ? "the request body is not valid JSON"
                : "the request cannot be served: " + status.getReasonPhrase()));
    }

    private static RestResponse<Problem> respond(Problem problem) {
        return builder(problem).build();
    }

    private static RestResponse.ResponseBuilder<Problem> builder(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status()).entity(problem).type(MediaType.APPLICATION_JSON_TYPE);
    }

    /** The last node of the violation's path: the JSON field or the path parameter the client named. */
    private static String field(ConstraintViolation<?> violation) {
        return StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .reduce((first, second) -> second)
                .map(Path.Node::getName)
                .orElse("body");
    }
}
