package dev.miyu.friends.directory;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A registered user as auth-service announced them; the directory that search and friend requests resolve against. */
@Entity
@Table(name = "directory_users")
public class DirectoryUser {

    @Id
    private UUID userId;
    private String username;
    private Instant registeredAt;

    protected DirectoryUser() {
    }

    public UUID userId() {
        return userId;
    }

    public String username() {
        return username;
    }
}
