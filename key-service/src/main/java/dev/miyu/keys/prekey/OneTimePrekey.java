package dev.miyu.keys.prekey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** One unused one-time prekey, mapped for counting and clean-up queries; rows are inserted and taken natively. */
@Entity
@Table(name = "one_time_prekeys")
public class OneTimePrekey {

    @Id
    private Long id;

    @Column(name = "user_id")
    private UUID userId;

    private String fingerprint;

    private String curve;

    @Column(name = "key_id")
    private int keyId;

    @Column(name = "public_key")
    private String publicKey;

    private String signature;

    protected OneTimePrekey() {
    }
}
