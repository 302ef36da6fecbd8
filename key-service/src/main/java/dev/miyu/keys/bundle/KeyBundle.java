package dev.miyu.keys.bundle;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One published key bundle; rows are never changed, a new version supersedes the previous one. */
@Entity
@Table(name = "key_bundles")
public class KeyBundle {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id")
    private UUID userId;

    private String username;

    private int version;

    @Column(name = "enc_public_key")
    private String encPublicKey;

    @Column(name = "sign_public_key")
    private String signPublicKey;

    @Column(name = "bundle_signature")
    private String bundleSignature;

    private String fingerprint;

    @Column(name = "published_at")
    private Instant publishedAt;

    protected KeyBundle() {
    }

    KeyBundle(UUID userId, String username, int version, VerifiedBundle bundle, Instant publishedAt) {
        this.userId = userId;
        this.username = username;
        this.version = version;
        this.encPublicKey = bundle.encPublicKey();
        this.signPublicKey = bundle.signPublicKey();
        this.bundleSignature = bundle.bundleSignature();
        this.fingerprint = bundle.fingerprint();
        this.publishedAt = publishedAt;
    }

    public UUID userId() {
        return userId;
    }

    public String username() {
        return username;
    }

    public int version() {
        return version;
    }

    public String encPublicKey() {
        return encPublicKey;
    }

    public String signPublicKey() {
        return signPublicKey;
    }

    public String bundleSignature() {
        return bundleSignature;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public Instant publishedAt() {
        return publishedAt;
    }
}
