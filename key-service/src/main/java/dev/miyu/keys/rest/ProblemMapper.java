package dev.miyu.keys.rest;

import dev.miyu.http.Problem;
import dev.miyu.keys.backup.InvalidBackupException;
import dev.miyu.keys.backup.NoBackupException;
import dev.miyu.keys.backup.StaleBackupVersionException;
import dev.miyu.keys.bundle.InvalidKeyBundleException;
import dev.miyu.keys.bundle.NoKeyBundleException;
import dev.miyu.keys.bundle.UsernameConflictException;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** This service's own failures as problem bodies; invalid input and the rest are libs/http's ProblemMappers. */
public class ProblemMapper {

    @ServerExceptionMapper
    public RestResponse<Problem> invalidBundle(InvalidKeyBundleException e) {
        List<Problem.FieldError> errors = e.problems().entrySet().stream()
                .map(problem -> new Problem.FieldError(problem.getKey(), problem.getValue()))
                .toList();
        return Problem.of(Status.BAD_REQUEST, "the key bundle was not accepted", errors).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidBackup(InvalidBackupException e) {
        return Problem.of(Status.BAD_REQUEST, "the backup was not accepted",
                List.of(new Problem.FieldError(e.field(), e.getMessage()))).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> noBundle(NoKeyBundleException e) {
        return Problem.of(Status.NOT_FOUND, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> noBackup(NoBackupException e) {
        return Problem.of(Status.NOT_FOUND, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> usernameConflict(UsernameConflictException e) {
        return Problem.of(Status.CONFLICT, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> staleBackup(StaleBackupVersionException e) {
        return Problem.of(Status.CONFLICT, e.getMessage()).withCurrentVersion(e.currentVersion()).response();
    }
}
