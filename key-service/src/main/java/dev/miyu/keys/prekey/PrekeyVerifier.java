package dev.miyu.keys.prekey;

import dev.miyu.keys.bundle.InvalidKeyBundleException;
import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.math.ec.ECCurve;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an upload before any of it is stored: each public key has the raw form of its curve (and a P-256 point is on
 * the curve), ids are distinct, and every key carries a signature by the user's published ECDSA identity key over
 * {@link #signedText}. Pure computation, no I/O.
 */
@ApplicationScoped
public class PrekeyVerifier {

    public static final String X25519 = "X25519";
    public static final String P256 = "P-256";
    static final String SIGNED = "signed";
    static final String ONE_TIME = "one-time";

    /** Domain separation from the bundle ("miyu/v1/key-bundle\n") and key-exchange signatures. */
    static final String SIGNED_PREFIX = "miyu/v2/prekey\n";

    private static final ECCurve P256_CURVE = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1).getCurve();
    private static final int RAW_SIGNATURE_BYTES = 64;

    /** The text a prekey signature covers; the public key is the base64 string exactly as sent. */
    public static String signedText(String username, String curve, String kind, int id, String publicKey) {
        return SIGNED_PREFIX + username + "\n" + curve + "\n" + kind + "\n" + id + "\n" + publicKey;
    }

    /** Throws {@link InvalidKeyBundleException} naming every offending field (e.g. {@code oneTimePrekeys[3].signature}). */
    public void verify(String username, String signPublicKey, PrekeyUpload upload) {
        PublicKey identity = identityKey(signPublicKey);
        Map<String, String> problems = new LinkedHashMap<>();
        check(problems, "signedPrekey", username, upload.curve(), SIGNED, upload.signedPrekey(), identity);
        Set<Integer> ids = new HashSet<>();
        List<Prekey> oneTime = upload.oneTimePrekeys();
        for (int i = 0; i < oneTime.size(); i++) {
            Prekey prekey = oneTime.get(i);
            String field = "oneTimePrekeys[" + i + "]";
            if (!ids.add(prekey.id())) {
                problems.put(field + ".id", "id " + prekey.id() + " appears more than once in this upload");
            }
            check(problems, field, username, upload.curve(), ONE_TIME, prekey, identity);
        }
        if (!problems.isEmpty()) {
            throw new InvalidKeyBundleException(problems);
        }
    }

    private static void check(Map<String, String> problems, String field, String username, String curve, String kind,
                              Prekey prekey, PublicKey identity) {
        byte[] point = decode(prekey.publicKey());
        if (point == null || !validPoint(curve, point)) {
            problems.put(field + ".publicKey", X25519.equals(curve)
                    ? "publicKey must be the base64 of a 32-byte X25519 public key"
                    : "publicKey must be the base64 of an uncompressed 65-byte P-256 point on the curve");
            return;
        }
        byte[] signature = decode(prekey.signature());
        if (signature == null || signature.length != RAW_SIGNATURE_BYTES) {
            problems.put(field + ".signature", "signature must be the 64-byte raw r‖s ECDSA P-256 signature WebCrypto produces");
            return;
        }
        if (!verifies(identity, signedText(username, curve, kind, prekey.id(), prekey.publicKey()), signature)) {
            problems.put(field + ".signature", "signature does not verify under this user's published signPublicKey");
        }
    }

    private static boolean validPoint(String curve, byte[] point) {
        if (X25519.equals(curve)) {
            return point.length == 32;
        }
        if (point.length != 65 || point[0] != 0x04) {
            return false;
        }
        try {
            // decodePoint refuses points off the curve, which would invite invalid-curve attacks on the recipient.
            return !P256_CURVE.decodePoint(point).isInfinity();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The stored bundle's key passed BundleVerifier when it was published, so it always parses. */
    private static PublicKey identityKey(String signPublicKey) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(signPublicKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored signPublicKey no longer parses", e);
        }
    }

    private static boolean verifies(PublicKey key, String text, byte[] rawSignature) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initVerify(key);
            ecdsa.update(text.getBytes(StandardCharsets.UTF_8));
            return ecdsa.verify(rawSignature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
