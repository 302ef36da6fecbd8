package dev.miyu.relay.rest;

import dev.miyu.relay.attachment.AttachmentService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.InputStream;
import java.util.UUID;

/** Encrypted attachment blobs: upload, and download by the uploader or the uploader's friends. */
@Path("/api/attachments")
@Authenticated
public class AttachmentResource {

    public record AttachmentCreated(UUID id) {
    }

    private final AttachmentService attachments;
    private final Caller user;

    public AttachmentResource(AttachmentService attachments, Caller user) {
        this.attachments = attachments;
        this.user = user;
    }

    /** Blocking: the body is read as a stream into a single buffer instead of being collected by the framework. */
    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<AttachmentCreated>> upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
        return attachments.store(user.id(), body, length == null ? -1 : length)
                .map(id -> RestResponse.ResponseBuilder
                        .<AttachmentCreated>created(UriBuilder.fromResource(AttachmentResource.class).path(id.toString()).build())
                        .entity(new AttachmentCreated(id))
                        .build());
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public RestMulti<Buffer> download(@PathParam("id") UUID id) {
        return RestMulti.fromUniResponse(attachments.open(id, user.id()), attachments::content);
    }
}
