package dev.miyu.keys.prekey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A user's current signed prekey, tied to the identity (bundle fingerprint) whose signing key signed it. */
@Entity
@Table(name = "signed_prekeys")
public class SignedPrekey {

    @Id
    @Column(name = "user_id")
    private UUID userId;

    private String fingerprint;

    private String curve;

    @Column(name = "key_id")
    private int keyId;

    @Column(name = "public_key")
    private String publicKey;

    private String signature;

    @Column(name = "published_at")
    private Instant publishedAt;

    protected SignedPrekey() {
    }

    SignedPrekey(UUID userId, String fingerprint, String curve, Prekey prekey, Instant publishedAt) {
        this.userId = userId;
        replaceWith(fingerprint, curve, prekey, publishedAt);
    }

    /** True when this row already holds exactly this key for this identity: re-uploading it changes nothing. */
    boolean holds(String fingerprint, String curve, Prekey prekey) {
        return this.fingerprint.equals(fingerprint) && this.curve.equals(curve) && keyId == prekey.id()
                && publicKey.equals(prekey.publicKey());
    }

    void replaceWith(String fingerprint, String curve, Prekey prekey, Instant publishedAt) {
        this.fingerprint = fingerprint;
        this.curve = curve;
        this.keyId = prekey.id();
        this.publicKey = prekey.publicKey();
        this.signature = prekey.signature();
        this.publishedAt = publishedAt;
    }

    String fingerprint() {
        return fingerprint;
    }

    String curve() {
        return curve;
    }

    Instant publishedAt() {
        return publishedAt;
    }

    Prekey prekey() {
        return new Prekey(keyId, publicKey, signature);
    }
}
