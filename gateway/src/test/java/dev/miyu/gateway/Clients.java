package dev.miyu.gateway;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests from distinct clients. In tests 127.0.0.1 is a trusted proxy, so X-Forwarded-For names the client; a
 * fresh address per request keeps one test's rate-limit bucket out of another's.
 */
final class Clients {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Clients() {
    }

    static String freshAddress() {
        int n = NEXT.incrementAndGet();
        return "10.77." + (n / 250) + "." + (1 + n % 250);
    }

    static String freshRequestId() {
        return UUID.randomUUID().toString();
    }

    /** A request from a new client address, carrying its own request id so the services' logs can be searched. */
    static RequestSpecification newClient(String requestId) {
        return RestAssured.given().header("X-Forwarded-For", freshAddress()).header("X-Request-Id", requestId);
    }

    static RequestSpecification newClient() {
        return newClient(freshRequestId());
    }
}
