package dev.weft.webhooks.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules every spec value follows, shared by the records' constructors and the spec reader. Messages
 * quote a bad value only where it cannot be a secret pasted into the wrong field.
 */
public final class Checks {
    public static final Pattern CREDENTIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    public static final String CREDENTIAL_EXPECTED = "the name of a credential in the vault (letters, digits, "
            + "'.', '_' and '-', starting with a letter or digit, at most 128), such as erp-webhook-secret";
    /** A header field name: an RFC 9110 token. */
    public static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    public static final String HEADER_EXPECTED = "a header name such as X-Hub-Signature-256 (letters, digits and "
            + "!#$%&'*+-.^_`|~; no ':' and no spaces)";
    public static final Pattern QUERY = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    public static final String QUERY_EXPECTED = "a query parameter name such as token (letters, digits, '.', '_', "
            + "'~' and '-')";
    /** Printable ASCII, spaces included, so that {@code "Bearer "} is a prefix. */
    public static final Pattern PREFIX = Pattern.compile("[\\x20-\\x7e]{0,64}");
    public static final String PREFIX_EXPECTED = "at most 64 printable ASCII characters, such as sha256=";
    /**
     * The longest replay window: the receiver keeps delivery ids at least this long, so an unbounded
     * window would mean unbounded storage.
     */
    public static final Duration MAX_TOLERANCE = Duration.ofDays(1);
    public static final String TOLERANCE_EXPECTED = "between 1s and 1d";

    private Checks() {
    }

    public static void credential(String name) {
        Objects.requireNonNull(name, "credential");
        // The value is not quoted: a secret pasted here instead of its name must not reach a log.
        if (!CREDENTIAL.matcher(name).matches()) {
            throw new IllegalArgumentException("credential must be " + CREDENTIAL_EXPECTED);
        }
    }

    public static void headerName(String field, String name) {
        Objects.requireNonNull(name, field);
        if (!HEADER.matcher(name).matches()) {
            throw new IllegalArgumentException(field + " must be " + HEADER_EXPECTED);
        }
    }

    public static void queryName(String name) {
        Objects.requireNonNull(name, "query");
        if (!QUERY.matcher(name).matches()) {
            throw new IllegalArgumentException("query must be " + QUERY_EXPECTED);
        }
    }

    public static void prefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be " + PREFIX_EXPECTED);
        }
    }

    public static void tolerance(Duration tolerance) {
        Objects.requireNonNull(tolerance, "tolerance");
        if (!toleranceFits(tolerance)) {
            throw new IllegalArgumentException(
                    "tolerance must be " + TOLERANCE_EXPECTED + ", but was " + tolerance);
        }
    }

    static boolean toleranceFits(Duration tolerance) {
        return tolerance.compareTo(Duration.ofSeconds(1)) >= 0 && tolerance.compareTo(MAX_TOLERANCE) <= 0;
    }
}
