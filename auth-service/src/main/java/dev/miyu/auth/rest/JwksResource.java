package dev.miyu.auth.rest;

import dev.miyu.auth.signing.Jwk;
import dev.miyu.auth.signing.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The public keys that verify access tokens, for every service (and this one) to fetch. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    private final SigningKeys signingKeys;

    public JwksResource(SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JwksResponse jwks() {
        return new JwksResponse(signingKeys.published().stream().map(Jwk::of).toList());
    }
}
