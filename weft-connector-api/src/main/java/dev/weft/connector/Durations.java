package dev.weft.connector;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as flows write them: {@code 500ms}, {@code 4s}, {@code 1m}, {@code 72h}, {@code 1d}, sums of
 * those such as {@code 1h30m}, or ISO-8601 ({@code PT4S}, {@code P1D}). The one duration syntax of Weft:
 * flows, the server's configuration, webhook verify settings and connector configurations read durations
 * with it, so a connector should too. Stateless.
 */
public final class Durations {
    public static final String EXPECTED = "a duration such as 500ms, 4s, 1m, 72h, 1d, 1h30m or PT4S";

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        String s = text.strip();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(s));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (!WHOLE.matcher(s).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(s);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty(); // too large to be meant
        }
        return Optional.of(total);
    }
}
