package dev.weft.webhooks;

import dev.weft.webhooks.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Verification by an HMAC of the body in one header, GitHub or Stripe style (for example
 * {@code X-Hub-Signature-256: sha256=<hex>}). With a {@code timestampHeader} the signed content is
 * {@code <timestamp>.<body>} (seconds since the epoch, as Stripe and Standard Webhooks sign it) and the
 * timestamp must lie within {@code tolerance} of now; without one there is no replay window. The
 * optional {@code idHeader} names the delivery id, which the signature does not cover. Immutable.
 */
public record HmacSpec(String credential, String header, HmacAlgorithm algorithm, String prefix,
        SignatureEncoding encoding, Optional<String> timestampHeader, Duration tolerance,
        Optional<String> idHeader) implements VerifySpec {
    public static final String SCHEME = "hmac";
    public static final HmacAlgorithm DEFAULT_ALGORITHM = HmacAlgorithm.SHA256;
    public static final String DEFAULT_PREFIX = "";
    public static final SignatureEncoding DEFAULT_ENCODING = SignatureEncoding.HEX;
    /** Applies only with a {@code timestampHeader}. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    public HmacSpec {
        Checks.credential(credential);
        Checks.headerName("header", header);
        Objects.requireNonNull(algorithm, "algorithm");
        Checks.prefix(prefix);
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(timestampHeader, "timestampHeader");
        timestampHeader.ifPresent(h -> Checks.headerName("timestampHeader", h));
        Checks.tolerance(tolerance);
        Objects.requireNonNull(idHeader, "idHeader");
        idHeader.ifPresent(h -> Checks.headerName("idHeader", h));
    }

    /** The defaults: SHA-256, no prefix, hex, no timestamp, no delivery id. */
    public HmacSpec(String credential, String header) {
        this(credential, header, DEFAULT_ALGORITHM, DEFAULT_PREFIX, DEFAULT_ENCODING, Optional.empty(),
                DEFAULT_TOLERANCE, Optional.empty());
    }

    @Override
    public String scheme() {
        return SCHEME;
    }
}
