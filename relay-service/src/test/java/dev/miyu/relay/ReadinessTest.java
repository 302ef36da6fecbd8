package dev.miyu.relay;

import dev.miyu.testsupport.MiyuTestResource;
import dev.miyu.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(value = MiyuTestResource.class, initArgs = @ResourceArg(name = "database", value = "miyu_relay"))
@QuarkusTestResource(TestTokens.class)
class ReadinessTest {

    /** Ready once the live consumer reads its topics, which takes a moment after start. */
    static void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void readinessChecksItsOwnDatabaseTheBrokerAndTheLiveEventConsumer() {
        awaitReady();
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka connection health check",
                        "Relay live events"));
    }

    @Test
    void livenessAndBusinessMetricsAreServed() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("miyu_relay_envelopes_accepted_total"),
                        containsString("miyu_relay_envelopes_delivered_total"),
                        containsString("miyu_relay_queue_depth"),
                        containsString("miyu_relay_connected_sockets"));
    }
}
