package dev.miyu.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.miyu.http.Problem.FieldError;
import dev.miyu.http.limits.RateLimitedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The failures every service shares, each answered with a {@link Problem}: invalid fields, JSON that cannot be read,
 * too many requests, a missing or bad token, and the framework's own refusals. A service maps only its domain's
 * exceptions. Jackson's own messages quote the input, which may be key material; only the field path is echoed.
 */
public class ProblemMappers {

    private static final String BODY = "body";
    private static final String NOT_JSON = "the request body is not valid JSON";

    /** Request-parameter annotations: a violation on such a parameter names it; on any other it names the body. */
    private static final Set<String> PARAMETER_SOURCES = Set.of("PathParam", "QueryParam", "HeaderParam", "FormParam",
            "CookieParam", "MatrixParam", "RestPath", "RestQuery", "RestHeader", "RestForm", "RestCookie", "RestMatrix");

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
            message = "has the wrong JSON type";
        }
        return badRequest(List.of(new FieldError(field, message)));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unreadableJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched);
        }
        return notJson();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> rateLimited(RateLimitedException e) {
        // Whole seconds, rounded up, so that a client that waits exactly this long is let through.
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return Problem.of(Status.TOO_MANY_REQUESTS, "too many " + e.action() + "; try again in " + seconds + " s")
                .builder()
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }

    /** No token, or one that did not verify (proactive authentication is off, so both arrive here). */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Problem> unauthenticated() {
        return Problem.of(Status.UNAUTHORIZED, "a valid access token is required")
                .builder()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    /** Unknown path, wrong method, unsupported media type, unparsable JSON: keep the status, give it a body. */
    @ServerExceptionMapper
    public RestResponse<Problem> framework(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = switch (status.getStatusCode()) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 406 -> "no acceptable representation: this resource answers in one media type only";
            case 415 -> "this content type is not accepted here";
            default -> status.getReasonPhrase();
        };
        return Problem.of(status, detail).response();
    }

    private static RestResponse<Problem> notJson() {
        return Problem.of(Status.BAD_REQUEST, NOT_JSON, List.of(new FieldError(BODY, "is not valid JSON"))).response();
    }

    private static RestResponse<Problem> badRequest(List<FieldError> errors) {
        String detail = errors.stream().map(error -> error.field() + " " + error.message()).collect(Collectors.joining("; "));
        return Problem.of(Status.BAD_REQUEST, detail, errors).response();
    }

    /**
     * The name the client used: the body field ("keys.signature"), or the query or path parameter, never the Java
     * method; a constraint on the body as a whole (e.g. a missing body) names "body".
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> inside = new ArrayList<>();
        Path.MethodNode method = null;
        Path.ParameterNode parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                method = node.as(Path.MethodNode.class);
            } else if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.as(Path.ParameterNode.class);
            } else if (node.getName() != null) {
                inside.add(node.getName());
            }
        }
        if (!inside.isEmpty()) {
            return String.join(".", inside);
        }
        if (parameter != null && isRequestParameter(violation.getRootBeanClass(), method, parameter)) {
            return parameter.getName();
        }
        return BODY;
    }

    /** Looks at every declaration up the hierarchy: the root bean may be a generated subclass without annotations. */
    private static boolean isRequestParameter(Class<?> resource, Path.MethodNode method, Path.ParameterNode parameter) {
        if (method == null) {
            return true;
        }
        Class<?>[] types = method.getParameterTypes().toArray(Class[]::new);
        for (Class<?> type = resource; type != null; type = type.getSuperclass()) {
            try {
                Method declared = type.getDeclaredMethod(method.getName(), types);
                for (Annotation annotation : declared.getParameterAnnotations()[parameter.getParameterIndex()]) {
                    if (PARAMETER_SOURCES.contains(annotation.annotationType().getSimpleName())) {
                        return true;
                    }
                }
            } catch (NoSuchMethodException notHere) {
                // declared further up
            }
        }
        return false;
    }

    private static String fieldOf(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return field.isEmpty() ? BODY : field;
    }
}
