package dev.miyu.relay.rest;

import dev.miyu.relay.attachment.AttachmentNotFoundException;
import dev.miyu.relay.attachment.AttachmentTooLargeException;
import dev.miyu.relay.attachment.EmptyAttachmentException;
import dev.miyu.relay.ratelimit.RateLimitedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure an HTTP caller can cause, each answered once, as a {@link Problem}. */
public class ProblemMapper {

    @ServerExceptionMapper
    public RestResponse<Problem> notFound(AttachmentNotFoundException e) {
        return problem(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> empty(EmptyAttachmentException e) {
        return problem(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> tooLarge(AttachmentTooLargeException e) {
        return problem(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> rateLimited(RateLimitedException e) {
        return RestResponse.ResponseBuilder.create(Response.Status.TOO_MANY_REQUESTS, Problem.of(Response.Status.TOO_MANY_REQUESTS, e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    /** No token, or one that did not verify (proactive authentication is off, so both arrive here). */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Problem> unauthenticated(RuntimeException e) {
        return RestResponse.ResponseBuilder.create(Response.Status.UNAUTHORIZED,
                        Problem.of(Response.Status.UNAUTHORIZED, "a valid access token is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    /** What the framework refuses itself: unknown path or malformed id, wrong method, wrong content type. */
    @ServerExceptionMapper
    public RestResponse<Problem> framework(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = switch (status.getStatusCode()) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 406 -> "no acceptable representation: this resource answers in one media type only";
            case 415 -> "this content type is not accepted here";
            default -> status.getReasonPhrase();
        };
        return problem(status, detail);
    }

    private static RestResponse<Problem> problem(Response.StatusType status, String detail) {
        return RestResponse.ResponseBuilder.create(status, Problem.of(status, detail)).type(Problem.MEDIA_TYPE).build();
    }
}
