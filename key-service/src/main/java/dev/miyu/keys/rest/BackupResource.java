package dev.miyu.keys.rest;

import dev.miyu.keys.backup.KeyBackupService;
import dev.miyu.keys.limits.RateLimiters;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's own encrypted private-key backup. The owner is always taken from the token: there is deliberately no
 * path that names a user, so no request can reach someone else's backup.
 */
@Path("/api/keys/me/backup")
@Authenticated
public class BackupResource {

    private final KeyBackupService backups;
    private final RateLimiters limits;
    private final JsonWebToken token;

    public BackupResource(KeyBackupService backups, RateLimiters limits, JsonWebToken token) {
        this.backups = backups;
        this.limits = limits;
        this.token = token;
    }

    @GET
    public Uni<BackupView> read() {
        return backups.read(Caller.of(token).userId()).map(BackupView::of);
    }

    @PUT
    public Uni<BackupView> write(@Valid @NotNull BackupRequest body) {
        Caller caller = Caller.of(token);
        limits.backupWrites().take(caller.userId());
        return backups.write(caller.userId(), body.blob(), body.expectedVersion()).map(BackupView::of);
    }
}
