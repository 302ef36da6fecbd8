package dev.miyu.friends.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.miyu.friends.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Turns every refused request into a {@link Problem}: our own failures, invalid input, and malformed JSON alike. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        Response.ResponseBuilder response = problem(e.status(), e.getMessage(), null);
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(field(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(error -> error.field() + " " + error.message()).collect(Collectors.joining("; "));
        return problem(400, detail, errors).build();
    }

    /** Valid JSON of the wrong shape, e.g. a number or an object where a name belongs. */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
        return field.isEmpty()
                ? problem(400, "the request body has the wrong JSON shape", null).build()
                : problem(400, field + " has the wrong JSON type", List.of(new Problem.FieldError(field, "has the wrong JSON type"))).build();
    }

    /** The framework's own refusals: unknown path (404), wrong method (405), wrong media type (415), unparsable JSON. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return e.getResponse();
        }
        String detail = e.getCause() instanceof JsonProcessingException && !(e.getCause() instanceof JsonMappingException)
                ? "the request body is not valid JSON"
                : e.getMessage();
        return problem(status, detail, null).build();
    }

    private static Response.ResponseBuilder problem(int status, String detail, List<Problem.FieldError> errors) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new Problem(status, title, detail, errors));
    }

    /** The name the client used: the query parameter or the body field, not the Java method path. */
    private static String field(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName();
        }
        return name;
    }
}
