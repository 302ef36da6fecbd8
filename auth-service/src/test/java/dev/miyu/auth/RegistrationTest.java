package dev.miyu.auth;

import dev.miyu.events.AccountRegistered;
import dev.miyu.events.Topics;
import dev.miyu.testsupport.EventProbe;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import static dev.miyu.auth.AuthApi.newClientIp;
import static dev.miyu.auth.AuthApi.newSecret;
import static dev.miyu.auth.AuthApi.newUsername;
import static dev.miyu.auth.AuthApi.register;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class RegistrationTest {

    @Inject
    AgroalDataSource database;

    @Test
    void registeringCreatesTheAccountAndPublishesAccountRegisteredThroughTheOutbox() {
        String username = newUsername();
        String userId = register(newClientIp(), username, newSecret())
                .then().statusCode(201)
                .body("userId", matchesPattern("[0-9a-f-]{36}"))
                .body("username", equalTo(username))
                .extract().path("userId");

        AccountRegistered event = EventProbe.await(Topics.ACCOUNTS, AccountRegistered.class,
                e -> e.userId().equals(UUID.fromString(userId)), Duration.ofSeconds(30));
        assertEquals(username, event.username());
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxHolds(event.eventId()), is(false));
    }

    @Test
    void usernamesAreStoredInLowerCase() {
        String username = newUsername();
        register(newClientIp(), username.toUpperCase(Locale.ROOT), newSecret())
                .then().statusCode(201)
                .body("username", equalTo(username));
    }

    @Test
    void aTakenUsernameIsAConflictWhateverItsCase() {
        String username = newUsername();
        register(newClientIp(), username, newSecret()).then().statusCode(201);

        register(newClientIp(), username, newSecret())
                .then().statusCode(409)
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"));
        register(newClientIp(), username.toUpperCase(Locale.ROOT), newSecret())
                .then().statusCode(409);
    }

    @Test
    void registrationsFromOneClientIpAreThrottled() {
        String clientIp = newClientIp();
        for (int i = 0; i < 5; i++) {
            register(clientIp, newUsername(), newSecret()).then().statusCode(201);
        }

        register(clientIp, newUsername(), newSecret())
                .then().statusCode(429)
                .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1))
                .header("Retry-After", Integer::parseInt, lessThanOrEqualTo(3600))
                .body("status", equalTo(429));
        register(newClientIp(), newUsername(), newSecret()).then().statusCode(201);
    }

    private boolean outboxHolds(UUID eventId) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM outbox WHERE payload LIKE ?")) {
            query.setString(1, "%\"eventId\":\"" + eventId + "\"%");
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }
}
