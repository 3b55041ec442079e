package dev.weft.webhooks.internal;

import dev.weft.webhooks.Verdict.Reason;
import dev.weft.webhooks.Verdict.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks every scheme shares (single-valued headers, delivery ids, timestamp windows), each
 * answering with the refusal or nothing. Messages name headers and limits, never a received value.
 */
final class Refusals {
    static final Refused SECRET_UNUSABLE = new Refused(Reason.SECRET_UNUSABLE,
            "the receiver's webhook secret is misconfigured");
    /** Printable ASCII without spaces: an id becomes an idempotency key and may be logged. */
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,256}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");

    private Refusals() {
    }

    /**
     * The one value of a header that must not repeat; a repeat with the same value is tolerated (some
     * proxies duplicate headers), a repeat with another value is ambiguous and refused.
     */
    static Optional<String> single(List<String> values) {
        return values.stream().distinct().count() == 1 ? Optional.of(values.getFirst()) : Optional.empty();
    }

    static Optional<Refused> id(String header, List<String> values) {
        if (values.isEmpty()) {
            return Optional.of(new Refused(Reason.ID_MISSING, "missing header " + header));
        }
        Optional<String> id = single(values);
        if (id.isEmpty() || !ID.matcher(id.get()).matches()) {
            return Optional.of(new Refused(Reason.ID_INVALID,
                    header + " must be one value of 1 to 256 printable ASCII characters without spaces"));
        }
        return Optional.empty();
    }

    static boolean validId(String id) {
        return ID.matcher(id).matches();
    }

    /** A timestamp in whole seconds since the epoch, within {@code tolerance} of {@code now} either way. */
    static Optional<Refused> timestamp(String header, List<String> values, Instant now, Duration tolerance) {
        if (values.isEmpty()) {
            return Optional.of(new Refused(Reason.TIMESTAMP_MISSING, "missing header " + header));
        }
        Optional<String> value = single(values);
        if (value.isEmpty() || !SECONDS.matcher(value.get()).matches()) {
            return Optional.of(new Refused(Reason.TIMESTAMP_INVALID,
                    header + " must be one value: whole seconds since 1970-01-01T00:00:00Z"));
        }
        // Whole seconds on both sides, as the Standard Webhooks libraries compare them.
        long sent = Long.parseLong(value.get());
        long nowSeconds = now.getEpochSecond();
        long window = tolerance.toSeconds();
        if (sent < nowSeconds - window) {
            return Optional.of(new Refused(Reason.TIMESTAMP_STALE,
                    header + " is more than " + window
                            + " seconds old; sign the delivery again when resending it"));
        }
        if (sent > nowSeconds + window) {
            return Optional.of(new Refused(Reason.TIMESTAMP_FUTURE,
                    header + " is more than " + window + " seconds ahead of the receiver's clock"));
        }
        return Optional.empty();
    }
}
