package dev.weft.webhooks;

import dev.weft.webhooks.internal.Checks;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Verification as a vendor signs its webhooks, where the signed content is not the body alone and so does
 * not fit {@link HmacSpec}: Stripe's {@code Stripe-Signature: t=<seconds>,v1=<hex>} over
 * {@code <t>.<body>}, Slack's {@code X-Slack-Signature: v0=<hex>} over {@code v0:<timestamp>:<body>},
 * HubSpot's {@code X-HubSpot-Signature-v3} (Base64) over {@code <method><url><body><timestamp in ms>}. Each
 * is HMAC-SHA256 with the secret's bytes as the key, and each signs a timestamp that must lie within
 * {@code tolerance} of now. {@code url} is the address the vendor was told to call, which HubSpot signs;
 * without it the address the request arrived at is used. Immutable.
 */
public record VendorSpec(Vendor vendor, String credential, Duration tolerance, Optional<String> url)
        implements
            VerifySpec {
    /** The vendors' own window, the same for all three. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** The vendors whose schemes this spec implements, by the {@code scheme} name a flow writes. */
    public enum Vendor {
        STRIPE("stripe"), SLACK("slack"), HUBSPOT_V3("hubspot-v3");

        private final String scheme;

        Vendor(String scheme) {
            this.scheme = scheme;
        }

        public String scheme() {
            return scheme;
        }

        public static Optional<Vendor> of(String scheme) {
            return Arrays.stream(values()).filter(v -> v.scheme.equals(scheme)).findFirst();
        }
    }

    public VendorSpec {
        Objects.requireNonNull(vendor, "vendor");
        Checks.credential(credential);
        Checks.tolerance(tolerance);
        Objects.requireNonNull(url, "url");
    }

    public VendorSpec(Vendor vendor, String credential) {
        this(vendor, credential, DEFAULT_TOLERANCE, Optional.empty());
    }

    @Override
    public String scheme() {
        return vendor.scheme();
    }
}
