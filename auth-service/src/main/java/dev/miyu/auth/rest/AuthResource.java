package dev.miyu.auth.rest;

import dev.miyu.auth.account.AccountService;
import dev.miyu.auth.token.TokenService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.UUID;

/** Accounts and tokens: {@code /api/auth/*}. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AccountService accounts;
    private final TokenService tokens;
    private final JsonWebToken caller;

    public AuthResource(AccountService accounts, TokenService tokens, JsonWebToken caller) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.caller = caller;
    }

    @POST
    @Path("/register")
    @ResponseStatus(201)
    public Uni<AccountResponse> register(@Valid @NotNull RegisterRequest request, @Context HttpServerRequest http) {
        return accounts.register(request.username(), request.email(), request.authSecretBytes(), clientIp(http))
                .map(AccountResponse::of);
    }

    @POST
    @Path("/login")
    public Uni<TokenResponse> login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        return accounts.login(request.username(), request.authSecretBytes(), clientIp(http))
                .map(TokenResponse::of);
    }

    @POST
    @Path("/refresh")
    public Uni<TokenResponse> refresh(@Valid @NotNull RefreshRequest request, @Context HttpServerRequest http) {
        return tokens.refresh(request.refreshToken(), clientIp(http))
                .map(TokenResponse::of);
    }

    @POST
    @Path("/logout")
    public Uni<Void> logout(@Valid @NotNull RefreshRequest request, @Context HttpServerRequest http) {
        return tokens.logout(request.refreshToken(), clientIp(http));
    }

    @GET
    @Path("/me")
    @Authenticated
    public AccountResponse me() {
        return new AccountResponse(UUID.fromString(caller.getSubject()), caller.getName());
    }

    /** The peer, or the client named in X-Forwarded-For when the peer is a trusted proxy (quarkus.http.proxy.*). */
    private static String clientIp(HttpServerRequest http) {
        return http.remoteAddress().hostAddress();
    }
}
