package dev.miyu.presence;

import dev.miyu.testsupport.MiyuTestResource;
import dev.miyu.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(value = MiyuTestResource.class, initArgs = @ResourceArg(name = "database", value = "miyu_presence"))
@QuarkusTestResource(TestTokens.class)
class ReadinessTest {

    @Test
    void readinessChecksItsOwnDatabaseAndTheBroker() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka connection health check"));
    }

    @Test
    void livenessAndMetricsAreServed() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("miyu_heartbeats_total"), containsString("miyu_online_users"));
    }
}
