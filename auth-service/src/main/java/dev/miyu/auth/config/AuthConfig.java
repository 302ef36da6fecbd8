package dev.miyu.auth.config;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Min;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of auth-service ({@code miyu.auth.*}); values and their environment variables are in application.properties. */
@ConfigMapping(prefix = "miyu.auth")
public interface AuthConfig {

    Tokens tokens();

    Signing signing();

    Argon2 argon2();

    Throttle throttle();

    interface Tokens {
        /** The {@code iss} claim; the verifiers' {@code mp.jwt.verify.issuer} is set from it. */
        String issuer();

        /** The {@code aud} claim; the verifiers' {@code mp.jwt.verify.audiences} is set from it. */
        String audience();

        Duration accessTokenLifetime();

        /** How long an unused refresh token stays valid; every rotation starts the period again. */
        Duration refreshTokenLifetime();
    }

    interface Signing {
        /** A PKCS#8 PEM private key (RSA); when this or the file is set, keys are neither generated nor rotated. */
        Optional<String> privateKey();

        /** A file holding a PKCS#8 PEM private key, e.g. a mounted Kubernetes Secret. */
        Optional<Path> privateKeyFile();

        /** Age at which a generated key hands signing over to its successor. */
        Duration maxAge();

        /**
         * How long a new key is in the JWKS before any instance signs with it, so that every instance and every
         * verifier's cache knows it by then. Must be longer than the key check interval.
         */
        Duration publishAhead();

        /** How often each instance rotates keys that are due and reloads the keys (read by the scheduler). */
        Duration checkInterval();
    }

    /** Argon2id cost of new verifiers; raising it upgrades each account's verifier at its next login. */
    interface Argon2 {
        @Min(8)
        int memoryKib();

        @Min(1)
        int iterations();

        @Min(1)
        int parallelism();
    }

    interface Throttle {
        Limit loginFailures();

        Limit registrations();

        /** At most {@code max} events in any sliding {@code window}. */
        interface Limit {
            @Min(1)
            int max();

            Duration window();
        }
    }
}
