package dev.miyu.gateway.ops;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What /ops/status tells an SRE: each service's readiness and the names and states of its checks. Check data is
 * left out on purpose: it can name hosts, topics or pools, and this endpoint is not behind a login.
 */
public record SystemStatus(String status, List<ServiceStatus> services) {

    static final String UP = "UP";
    static final String DOWN = "DOWN";

    static SystemStatus of(List<ServiceStatus> services) {
        boolean allUp = services.stream().allMatch(service -> UP.equals(service.status()));
        return new SystemStatus(allUp ? UP : DOWN, services);
    }

    public boolean up() {
        return UP.equals(status);
    }

    /** One service; {@code reason} says why there are no checks when the service could not be asked. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceStatus(String name, String status, List<Check> checks, String reason) {

        static ServiceStatus unanswered(String name, String reason) {
            return new ServiceStatus(name, DOWN, List.of(), reason);
        }

        public boolean up() {
            return UP.equals(status);
        }
    }

    public record Check(String name, String status) {
    }
}
