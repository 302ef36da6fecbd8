package dev.miyu.auth.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A registered user: a lower-case username and the verifier of the auth secret, never the secret itself. */
@Entity
@Table(name = "accounts")
public class Account {

    @Id
    private UUID id;

    private String username;

    private String email;

    private String verifier;

    @Column(name = "created_at")
    private Instant createdAt;

    protected Account() {
    }

    public Account(UUID id, String username, String email, String verifier, Instant createdAt) {
        this.id = id;
        this.username = username;
        this.email = email;
        this.verifier = verifier;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String verifier() {
        return verifier;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
