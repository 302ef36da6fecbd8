package dev.miyu.gateway;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithTestResource(FakeServices.class)
class OpsStatusTest {

    FakeServices services;

    @BeforeEach
    void everyServiceUp() {
        services.allUpAndReady();
    }

    @Test
    void allServicesReadyIs200Up() {
        RestAssured.get("/ops/status").then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("status", equalTo("UP"))
                .body("services.name", contains("auth-service", "key-service", "friend-service", "presence-service", "relay-service"))
                .body("services.status", everyItem(equalTo("UP")))
                .body("services[0].checks[0].name", equalTo("Database connections health check"))
                .body("services[0].checks[0].status", equalTo("UP"));
    }

    @Test
    void servicesThatAreDownOrNotReadyMakeIt503AndAreNamed() {
        services.service("key-service").stop();
        services.service("presence-service").setReady(false);
        RestAssured.get("/ops/status").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("services.findAll { it.status == 'DOWN' }.name", containsInAnyOrder("key-service", "presence-service"))
                .body("services.find { it.name == 'key-service' }.reason", equalTo("unreachable"))
                .body("services.find { it.name == 'presence-service' }.checks[0].status", equalTo("DOWN"))
                .body("services.find { it.name == 'auth-service' }.status", equalTo("UP"));
    }

    @Test
    void theGatewayIsNotReadyWhileAServiceBehindItIsDown() {
        services.service("relay-service").stop();
        RestAssured.get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'Upstream services' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Upstream services' }.data.'relay-service'", equalTo("DOWN"))
                .body("checks.find { it.name == 'Upstream services' }.data.'auth-service'", equalTo("UP"));
    }

    @Test
    void statusRevealsCheckNamesAndStatesButNoCheckData() {
        RestAssured.get("/ops/status").then()
                .statusCode(200)
                .body("services.checks.flatten()", everyItem(not(hasKey("data"))));
    }

    @Test
    void unknownOpsEndpointIsA404Problem() {
        RestAssured.get("/ops/secrets").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void gatewayReportsItsOwnHealthAndMetrics() {
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.get("/q/metrics").then().statusCode(200);
    }
}
