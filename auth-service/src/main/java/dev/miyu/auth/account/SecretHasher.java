package dev.miyu.auth.account;

import dev.miyu.auth.config.AuthConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id verifiers of auth secrets as PHC strings ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}), which carry
 * their own cost so that it can be raised later. Every method is CPU-heavy: call them off the event loop.
 */
@Startup
@Singleton
public class SecretHasher {

    /** Argon2id cost: memory in KiB, passes, lanes. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
    }

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Cost cost;
    private final SecureRandom random = new SecureRandom();
    // Logins for unknown usernames are checked against this, so that they take as long as a wrong secret.
    private final String unknownAccountVerifier;

    @Inject
    public SecretHasher(AuthConfig config) {
        this(new Cost(config.argon2().memoryKib(), config.argon2().iterations(), config.argon2().parallelism()));
    }

    public SecretHasher(Cost cost) {
        this.cost = cost;
        byte[] placeholder = new byte[HASH_BYTES];
        random.nextBytes(placeholder);
        this.unknownAccountVerifier = hash(placeholder);
    }

    /** A new verifier with a fresh random salt at the configured cost. */
    public String hash(byte[] secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(secret, salt, cost, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when the secret matches; false for a wrong secret or a verifier that is not an Argon2id PHC string. */
    public boolean verify(byte[] secret, String verifier) {
        Matcher phc = PHC.matcher(verifier);
        if (!phc.matches()) {
            return false;
        }
        byte[] expected = B64_DECODER.decode(phc.group(5));
        byte[] actual = argon2(secret, B64_DECODER.decode(phc.group(4)), costOf(phc), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Does the work of a failed {@link #verify} for a username that has no account. */
    public void verifyUnknownAccount(byte[] secret) {
        verify(secret, unknownAccountVerifier);
    }

    /** True when the verifier was made at another cost than the configured one and should be replaced. */
    public boolean needsUpgrade(String verifier) {
        Matcher phc = PHC.matcher(verifier);
        return !phc.matches() || !costOf(phc).equals(cost);
    }

    private static Cost costOf(Matcher phc) {
        return new Cost(Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)), Integer.parseInt(phc.group(3)));
    }

    private static byte[] argon2(byte[] secret, byte[] salt, Cost cost, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] hash = new byte[length];
        generator.generateBytes(secret, hash);
        return hash;
    }
}
