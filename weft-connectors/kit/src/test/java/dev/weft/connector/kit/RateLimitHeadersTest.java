package dev.weft.connector.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The rate-limit headers vendors document, read as a wait and whether the limit is spent. */
class RateLimitHeadersTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static RateLimitHeaders.Reading read(int status, Map<String, String> headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        return RateLimitHeaders.read(status, h::get, NOW);
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(read(429, Map.of("Retry-After", "120")))
                .isEqualTo(new RateLimitHeaders.Reading(true, Optional.of(Duration.ofSeconds(120))));
        assertThat(read(503, Map.of("retry-after", "Sun, 06 Dec 2026 10:01:30 GMT")).retryAfter())
                .contains(Duration.ofSeconds(90));
        assertThat(read(503, Map.of("Retry-After", "Sunday, 06-Dec-26 10:00:05 GMT")).retryAfter())
                .as("RFC 850").contains(Duration.ofSeconds(5));
        assertThat(read(503, Map.of("Retry-After", "Sun Dec  6 10:00:07 2026")).retryAfter())
                .as("asctime").contains(Duration.ofSeconds(7));
        assertThat(read(503, Map.of("Retry-After", "Sun, 06 Dec 2026 09:00:00 GMT")).retryAfter())
                .as("a date past").contains(Duration.ZERO);
        assertThat(read(503, Map.of("Retry-After", "soon")).retryAfter()).isEmpty();
        assertThat(read(503, Map.of("Retry-After", "99999999999999999999")).retryAfter()).isEmpty();
        assertThat(read(503, Map.of("Retry-After", "30")).exhausted()).as("a 503 is not a rate limit")
                .isFalse();
        assertThat(read(403, Map.of("Retry-After", "60")).exhausted()).as("GitHub's secondary limit")
                .isTrue();
        assertThat(read(403, Map.of()).exhausted()).as("a plain 403").isFalse();
        assertThat(read(200, Map.of("Retry-After", "30"))).as("read on refusals only")
                .isEqualTo(RateLimitHeaders.Reading.NONE);
    }

    @Test
    void aSpentWindowWaitsUntilItsReset() {
        // GitHub: 403 with the remaining count at 0 and the reset as a Unix time.
        long reset = NOW.getEpochSecond() + 600;
        assertThat(read(403, Map.of("X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(reset))))
                .isEqualTo(new RateLimitHeaders.Reading(true, Optional.of(Duration.ofSeconds(600))));
        // The IETF draft's fields: the reset in seconds from now.
        assertThat(read(429, Map.of("RateLimit-Remaining", "0", "RateLimit-Reset", "42")).retryAfter())
                .contains(Duration.ofSeconds(42));
        assertThat(read(429, Map.of("Retry-After", "7", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset",
                "42")).retryAfter()).as("Retry-After first").contains(Duration.ofSeconds(7));
        assertThat(read(200, Map.of("X-RateLimit-Remaining", "12", "X-RateLimit-Reset", "42")))
                .isEqualTo(RateLimitHeaders.Reading.NONE);
        assertThat(read(429, Map.of())).isEqualTo(new RateLimitHeaders.Reading(true, Optional.empty()));
    }

    @Test
    void salesforcesDailyUsageAtItsLimitIsSpent() {
        assertThat(read(403, Map.of("Sforce-Limit-Info", "api-usage=15000/15000")).exhausted()).isTrue();
        assertThat(read(200, Map.of("Sforce-Limit-Info", "api-usage=25/15000")).exhausted()).isFalse();
        assertThat(read(403, Map.of("Sforce-Limit-Info", "per-app-api-usage=2/100, api-usage=100/100"))
                .exhausted()).isTrue();
        assertThat(read(403, Map.of("Sforce-Limit-Info", "api-usage=lots")).exhausted()).isFalse();
    }
}
