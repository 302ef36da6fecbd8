package dev.miyu.auth.rest;

import dev.miyu.auth.account.InvalidCredentialsException;
import dev.miyu.auth.account.UsernameTakenException;
import dev.miyu.auth.throttle.TooManyAttemptsException;
import dev.miyu.auth.token.InvalidRefreshTokenException;
import dev.miyu.http.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** This service's own failures as problem bodies; invalid input and the rest are libs/http's ProblemMappers. */
public class ProblemMapper {

    @ServerExceptionMapper
    public RestResponse<Problem> usernameTaken(UsernameTakenException e) {
        return Problem.of(Status.CONFLICT, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidCredentials(InvalidCredentialsException e) {
        return Problem.of(Status.UNAUTHORIZED, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidRefreshToken(InvalidRefreshTokenException e) {
        return Problem.of(Status.UNAUTHORIZED, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> tooManyAttempts(TooManyAttemptsException e) {
        // Whole seconds, rounded up, so that a client that waits exactly this long is let through.
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return Problem.of(Status.TOO_MANY_REQUESTS, "too many attempts; retry after " + seconds + " seconds")
                .builder()
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }
}
