package dev.miyu.auth.rest;

import dev.miyu.auth.signing.Jwk;

import java.util.List;

/** A JSON Web Key Set (RFC 7517). */
public record JwksResponse(List<Jwk> keys) {
}
