package dev.miyu.keys.bundle;

import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECCurve;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a bundle against DESIGN §5 before it may enter the directory: an RSA-OAEP key that is exactly RSA-2048 with
 * exponent 65537, a separate ECDSA P-256 key, and a signature by that ECDSA key binding both keys to the username.
 * Pure computation, no I/O.
 */
@ApplicationScoped
public class BundleVerifier {

    /** Domain separation: this signature can never be mistaken for a key-exchange or message signature. */
    static final String SIGNED_PREFIX = "miyu/v1/key-bundle\n";

    private static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);
    private static final int RSA_BITS = 2048;
    private static final ECCurve P256 = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1).getCurve();
    /** WebCrypto's ECDSA output: r and s as 32-byte big-endian integers, concatenated (IEEE P1363). */
    private static final int RAW_SIGNATURE_BYTES = 64;

    /** The text the bundle signature covers and the fingerprint hashes: the base64 strings exactly as sent. */
    public static String signedText(String username, String encPublicKey, String signPublicKey) {
        return SIGNED_PREFIX + username + "\n" + encPublicKey + "\n" + signPublicKey;
    }

    /** Returns the verified bundle with its fingerprint, or throws naming every field that is wrong. */
    public VerifiedBundle verify(String username, BundleSubmission bundle) {
        Map<String, String> problems = new LinkedHashMap<>();
        try {
            requireRsa2048(bundle.encPublicKey());
        } catch (Rejected e) {
            problems.put("encPublicKey", e.getMessage());
        }
        PublicKey signKey = null;
        try {
            signKey = requireP256(bundle.signPublicKey());
        } catch (Rejected e) {
            problems.put("signPublicKey", e.getMessage());
        }
        byte[] signature = null;
        try {
            signature = requireRawSignature(bundle.bundleSignature());
        } catch (Rejected e) {
            problems.put("bundleSignature", e.getMessage());
        }
        String text = signedText(username, bundle.encPublicKey(), bundle.signPublicKey());
        if (problems.isEmpty() && !verifies(signKey, text, signature)) {
            problems.put("bundleSignature", "bundleSignature does not verify under signPublicKey for this user's bundle");
        }
        if (!problems.isEmpty()) {
            throw new InvalidKeyBundleException(problems);
        }
        return new VerifiedBundle(bundle.encPublicKey(), bundle.signPublicKey(), bundle.bundleSignature(), fingerprint(text));
    }

    private static void requireRsa2048(String base64) throws Rejected {
        SubjectPublicKeyInfo spki = spki("encPublicKey", base64);
        String wrongKey = "encPublicKey must be RSA-2048 with exponent 65537";
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(spki.getAlgorithm().getAlgorithm())) {
            throw new Rejected(wrongKey);
        }
        RSAPublicKey rsa;
        try {
            byte[] inner = spki.getPublicKeyData().getOctets();
            rsa = RSAPublicKey.getInstance(inner);
            if (!Arrays.equals(rsa.getEncoded(ASN1Encoding.DER), inner)) {
                throw new Rejected("encPublicKey holds a malformed RSA public key");
            }
        } catch (IOException | RuntimeException e) {
            throw new Rejected("encPublicKey holds a malformed RSA public key");
        }
        if (rsa.getModulus().bitLength() != RSA_BITS || !RSA_EXPONENT.equals(rsa.getPublicExponent())) {
            throw new Rejected(wrongKey);
        }
    }

    private static PublicKey requireP256(String base64) throws Rejected {
        SubjectPublicKeyInfo spki = spki("signPublicKey", base64);
        String wrongKey = "signPublicKey must be an EC P-256 (secp256r1) key";
        boolean isP256 = X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())
                && spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve
                && SECObjectIdentifiers.secp256r1.equals(curve);
        if (!isP256) {
            throw new Rejected(wrongKey);
        }
        try {
            // decodePoint rejects points that are not on the curve; an off-curve point invites invalid-curve attacks.
            if (P256.decodePoint(spki.getPublicKeyData().getOctets()).isInfinity()) {
                throw new Rejected("signPublicKey is the point at infinity");
            }
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki.getEncoded(ASN1Encoding.DER)));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new Rejected("signPublicKey holds a malformed EC point");
        }
    }

    private static byte[] requireRawSignature(String base64) throws Rejected {
        byte[] raw = base64("bundleSignature", base64);
        if (raw.length != RAW_SIGNATURE_BYTES) {
            throw new Rejected("bundleSignature must be the 64-byte raw r‖s ECDSA P-256 signature WebCrypto produces");
        }
        return raw;
    }

    /** Parses strict DER only, so that one key has exactly one encoding and the signed text pins it. */
    private static SubjectPublicKeyInfo spki(String field, String base64) throws Rejected {
        byte[] der = base64(field, base64);
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(der);
            if (!Arrays.equals(spki.getEncoded(ASN1Encoding.DER), der)) {
                throw new Rejected(field + " must be a DER-encoded SubjectPublicKeyInfo");
            }
            return spki;
        } catch (IOException | RuntimeException e) {
            throw new Rejected(field + " must be a DER-encoded SubjectPublicKeyInfo");
        }
    }

    private static byte[] base64(String field, String value) throws Rejected {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new Rejected(field + " is not valid base64");
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

    private static String fingerprint(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** Carries the reason one field was rejected, worded for the client. */
    private static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
