package dev.miyu.auth;

import dev.miyu.auth.account.SecretHasher;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;

import static dev.miyu.auth.AuthApi.login;
import static dev.miyu.auth.AuthApi.newClientIp;
import static dev.miyu.auth.AuthApi.newSecret;
import static dev.miyu.auth.AuthApi.newUsername;
import static dev.miyu.auth.AuthApi.register;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the database holds for an account: an Argon2id verifier at the configured cost, never the secret. */
@QuarkusTest
class StoredVerifierTest {

    private static final String CURRENT_COST = "$argon2id$v=19$m=19456,t=2,p=1$";

    @Inject
    AgroalDataSource database;

    @Inject
    SecretHasher hasher;

    @Test
    void theStoredVerifierIsAnArgon2idHashThatChecksTheSecret() throws SQLException {
        String username = newUsername();
        String secret = newSecret();
        register(newClientIp(), username, secret).then().statusCode(201);

        String verifier = storedVerifier(username);

        byte[] secretBytes = Base64.getDecoder().decode(secret);
        assertTrue(verifier.startsWith(CURRENT_COST), verifier);
        assertFalse(verifier.contains(secret));
        assertFalse(verifier.contains(HexFormat.of().formatHex(secretBytes)));
        assertFalse(verifier.contains(Base64.getEncoder().withoutPadding().encodeToString(secretBytes)));
        assertTrue(hasher.verify(secretBytes, verifier));
        assertFalse(hasher.verify(Base64.getDecoder().decode(newSecret()), verifier));
    }

    @Test
    void aVerifierMadeAtAWeakerCostIsUpgradedAtTheNextLogin() throws SQLException {
        String username = newUsername();
        String secret = newSecret();
        byte[] secretBytes = Base64.getDecoder().decode(secret);
        register(newClientIp(), username, secret).then().statusCode(201);
        String legacy = new SecretHasher(new SecretHasher.Cost(1024, 1, 1)).hash(secretBytes);
        replaceVerifier(username, legacy);

        login(newClientIp(), username, secret).then().statusCode(200);

        String upgraded = storedVerifier(username);
        assertTrue(upgraded.startsWith(CURRENT_COST), upgraded);
        assertTrue(hasher.verify(secretBytes, upgraded));
        login(newClientIp(), username, secret).then().statusCode(200);
    }

    private String storedVerifier(String username) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT verifier FROM accounts WHERE username = ?")) {
            query.setString(1, username);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the account is stored");
                return row.getString(1);
            }
        }
    }

    private void replaceVerifier(String username, String verifier) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE accounts SET verifier = ? WHERE username = ?")) {
            update.setString(1, verifier);
            update.setString(2, username);
            update.executeUpdate();
        }
    }
}
