package dev.miyu.relay.rest;

import dev.miyu.http.Problem;
import dev.miyu.relay.attachment.AttachmentNotFoundException;
import dev.miyu.relay.attachment.AttachmentTooLargeException;
import dev.miyu.relay.attachment.EmptyAttachmentException;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** This service's own failures as problem bodies; rate limits, tokens and the rest are libs/http's ProblemMappers. */
public class ProblemMapper {

    @ServerExceptionMapper
    public RestResponse<Problem> notFound(AttachmentNotFoundException e) {
        return Problem.of(Status.NOT_FOUND, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> empty(EmptyAttachmentException e) {
        return Problem.of(Status.BAD_REQUEST, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> tooLarge(AttachmentTooLargeException e) {
        return Problem.of(Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage()).response();
    }
}
