package dev.miyu.gateway.health;

import dev.miyu.gateway.ops.ServiceReadiness;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The gateway is ready only when the services behind it are: a gateway in front of a missing service would
 * accept requests it can only answer with 503.
 */
@Readiness
@ApplicationScoped
public class UpstreamsReadiness implements AsyncHealthCheck {

    private final ServiceReadiness readiness;

    public UpstreamsReadiness(ServiceReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(() -> readiness.poll().toCompletionStage()).map(status -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("Upstream services")
                    .status(status.up());
            status.services().forEach(service -> response.withData(service.name(), service.status()));
            return response.build();
        });
    }
}
