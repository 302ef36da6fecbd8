package dev.miyu.relay.health;

import dev.miyu.events.Topics;
import dev.miyu.relay.events.LiveAssignment;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;
import java.util.Set;

/** Ready once this instance reads every topic it pushes from; before that, pushes to its sockets could be missed. */
@Readiness
@ApplicationScoped
public class LiveEventsCheck implements HealthCheck {

    private static final List<String> TOPICS = List.of(Topics.DELIVERIES, Topics.PRESENCE, Topics.KEYS, Topics.FRIENDSHIPS);

    private final LiveAssignment assignment;

    public LiveEventsCheck(@Identifier("relay-live") LiveAssignment assignment) {
        this.assignment = assignment;
    }

    @Override
    public HealthCheckResponse call() {
        Set<String> reading = assignment.topics();
        return HealthCheckResponse.named("Relay live events")
                .status(reading.containsAll(TOPICS))
                .withData("topics", String.join(",", reading))
                .build();
    }
}
