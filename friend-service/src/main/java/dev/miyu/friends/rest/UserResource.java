package dev.miyu.friends.rest;

import dev.miyu.friends.directory.DirectoryService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/api/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final DirectoryService directory;
    private final Caller caller;

    public UserResource(DirectoryService directory, Caller caller) {
        this.directory = directory;
        this.caller = caller;
    }

    /** Users whose name starts with {@code q}, for finding someone to befriend. */
    @GET
    public Uni<List<UserResponse>> search(
            @QueryParam("q") @NotNull @Size(min = 2, max = Usernames.MAX_LENGTH)
            @Pattern(regexp = Usernames.PATTERN, message = Usernames.PATTERN_MESSAGE) String q) {
        return directory.search(caller.id(), q).map(hits -> hits.stream().map(UserResponse::of).toList());
    }
}
