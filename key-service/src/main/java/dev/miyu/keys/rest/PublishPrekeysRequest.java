package dev.miyu.keys.rest;

import dev.miyu.keys.prekey.Prekey;
import dev.miyu.keys.prekey.PrekeyUpload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * {@code PUT /api/keys/me/prekeys}. At most 100 one-time prekeys per upload (about 20 KB for P-256, well inside the
 * 32 KB body limit); sizes bound the base64 of a raw P-256 point (88) and of a raw signature (88).
 */
public record PublishPrekeysRequest(
        @NotNull @Pattern(regexp = "X25519|P-256", message = "must be X25519 or P-256") String curve,
        @NotNull @Valid PrekeyRequest signedPrekey,
        @NotNull @Size(max = 100) List<@NotNull @Valid PrekeyRequest> oneTimePrekeys) {

    /** One signed public prekey; ids are the browser's own and must fit a signed 32-bit integer. */
    public record PrekeyRequest(
            @NotNull @PositiveOrZero @Max(Integer.MAX_VALUE) Long id,
            @NotBlank @Size(max = 128) String publicKey,
            @NotBlank @Size(max = 128) String signature) {

        Prekey toPrekey() {
            return new Prekey(id.intValue(), publicKey, signature);
        }
    }

    PrekeyUpload toUpload() {
        return new PrekeyUpload(curve, signedPrekey.toPrekey(), oneTimePrekeys.stream().map(PrekeyRequest::toPrekey).toList());
    }
}
