package dev.miyu.auth.signing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Base64;

/** A generated signing key as kept in the database (PKCS#8, base64). */
@Entity
@Table(name = "signing_keys")
public class StoredKey {

    @Id
    private String kid;

    private int generation;

    @Column(name = "private_key")
    private String privateKey;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "retired_at")
    private Instant retiredAt;

    protected StoredKey() {
    }

    StoredKey(SigningKey key, int generation) {
        this.kid = key.kid();
        this.generation = generation;
        this.privateKey = Base64.getEncoder().encodeToString(key.privateKey().getEncoded());
        this.createdAt = key.createdAt();
    }

    int generation() {
        return generation;
    }

    Instant createdAt() {
        return createdAt;
    }

    SigningKey toSigningKey() {
        return SigningKey.of(RsaKeys.fromPkcs8(Base64.getDecoder().decode(privateKey)), createdAt);
    }
}
