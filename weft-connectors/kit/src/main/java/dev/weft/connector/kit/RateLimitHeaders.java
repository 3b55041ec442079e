package dev.weft.connector.kit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a vendor's response says about its rate limit, read from the headers vendors use:
 * <ul>
 * <li>{@code Retry-After}, in seconds or as an HTTP date (RFC 9110 §10.2.3), on a refusal (a 429, a 503, or
 * a 403 as GitHub's secondary limits send it, which then counts as a rate limit);</li>
 * <li>{@code X-RateLimit-Remaining} / {@code RateLimit-Remaining} at 0, with {@code X-RateLimit-Reset} /
 * {@code RateLimit-Reset} saying when the window resets: seconds from now, or (above 10⁹, as GitHub sends
 * it) the Unix time;</li>
 * <li>Salesforce's {@code Sforce-Limit-Info: api-usage=USED/LIMIT}, exhausted when USED reaches LIMIT
 * (its window is a rolling 24 hours, so it says no reset time).</li>
 * </ul>
 * A 429 is a rate limit whatever its headers say. Immutable helpers; thread-safe.
 */
public final class RateLimitHeaders {

    /** Above this, a reset header is a Unix time rather than seconds from now (10⁹ s is in 2001). */
    private static final long EPOCH_SECONDS_FLOOR = 1_000_000_000L;

    private RateLimitHeaders() {
    }

    /**
     * A reading of the headers.
     *
     * @param exhausted whether the vendor refused for its rate limit or says no calls are left
     * @param retryAfter how long it asks to wait, when it says (never negative)
     */
    public record Reading(boolean exhausted, Optional<Duration> retryAfter) {
        public static final Reading NONE = new Reading(false, Optional.empty());
    }

    /**
     * Reads the rate-limit headers of a response.
     *
     * @param status the response's status
     * @param header the value of a header by name (case-insensitive), or null when absent
     * @param now the time the response arrived, for dates and reset times
     */
    public static Reading read(int status, Function<String, String> header, Instant now) {
        Optional<Duration> wait = status >= 400
                ? retryAfter(header.apply("Retry-After"), now)
                : Optional.empty();
        // A 403 that says when to come back is a limit too (GitHub's secondary rate limits answer so).
        boolean exhausted = status == 429 || status == 403 && wait.isPresent();
        String remaining = first(header, "X-RateLimit-Remaining", "RateLimit-Remaining");
        if (remaining != null && remaining.strip().equals("0")) {
            exhausted = true;
            if (wait.isEmpty()) {
                wait = reset(first(header, "X-RateLimit-Reset", "RateLimit-Reset"), now);
            }
        }
        if (salesforceExhausted(header.apply("Sforce-Limit-Info"))) {
            exhausted = true;
        }
        return exhausted || wait.isPresent() ? new Reading(exhausted, wait) : Reading.NONE;
    }

    /**
     * A {@code Retry-After} value as a wait from {@code now}: delay-seconds or an HTTP date (IMF-fixdate, or
     * the obsolete RFC 850 and asctime forms a few servers still send); empty when absent or unreadable.
     */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            return seconds(v);
        }
        for (DateTimeFormatter format : new DateTimeFormatter[]{DateTimeFormatter.RFC_1123_DATE_TIME,
                DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
                DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
                        .withZone(java.time.ZoneOffset.UTC)}) {
            try {
                Instant at = ZonedDateTime.parse(v, format).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notThisForm) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    private static Optional<Duration> reset(String value, Instant now) {
        if (value == null || !value.strip().chars().allMatch(Character::isDigit) || value.isBlank()) {
            return Optional.empty();
        }
        Optional<Duration> seconds = seconds(value.strip());
        if (seconds.isPresent() && seconds.get().getSeconds() > EPOCH_SECONDS_FLOOR) {
            Instant at = Instant.ofEpochSecond(seconds.get().getSeconds());
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        }
        return seconds;
    }

    private static Optional<Duration> seconds(String digits) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(digits)));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    /** {@code api-usage=USED/LIMIT} (other entries may follow, comma-separated) with USED at or past LIMIT. */
    private static boolean salesforceExhausted(String value) {
        if (value == null) {
            return false;
        }
        for (String entry : value.split(",")) {
            String e = entry.strip();
            if (e.startsWith("api-usage=")) {
                String[] parts = e.substring("api-usage=".length()).split("/", 2);
                try {
                    return parts.length == 2
                            && Long.parseLong(parts[0].strip()) >= Long.parseLong(parts[1].strip());
                } catch (NumberFormatException unreadable) {
                    return false;
                }
            }
        }
        return false;
    }

    private static String first(Function<String, String> header, String... names) {
        for (String name : names) {
            String v = header.apply(name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
