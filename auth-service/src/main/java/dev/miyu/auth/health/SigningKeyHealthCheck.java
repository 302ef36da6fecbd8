package dev.miyu.auth.health;

import dev.miyu.auth.signing.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only with a key to sign tokens with; the database and Kafka have their own checks. */
@Readiness
@ApplicationScoped
public class SigningKeyHealthCheck implements HealthCheck {

    private final SigningKeys signingKeys;

    public SigningKeyHealthCheck(SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
    }

    @Override
    public HealthCheckResponse call() {
        if (signingKeys.published().isEmpty()) {
            return HealthCheckResponse.down("Signing key");
        }
        return HealthCheckResponse.named("Signing key")
                .up()
                .withData("kid", signingKeys.current().kid())
                .withData("published", signingKeys.published().size())
                .build();
    }
}
