package dev.weft.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private final List<Duration> delays = List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5));

    @Test
    void theDelayAfterEachAttemptIsTheSchedulesNextWithinTenPercentJitter() {
        RetrySchedule low = new RetrySchedule(delays, Duration.ofHours(1), () -> 0.0);
        RetrySchedule high = new RetrySchedule(delays, Duration.ofHours(1), () -> 0.999999);
        assertThat(low.next(1, NOW, null)).isEqualTo(NOW.plusMillis(4500));
        assertThat(high.next(1, NOW, null)).isEqualTo(NOW.plusMillis(5500));
        assertThat(low.next(2, NOW, null)).isEqualTo(NOW.plusSeconds(270));
    }

    @Test
    void afterTheLastAttemptThereIsNone() {
        assertThat(new RetrySchedule(delays, Duration.ofHours(1), () -> 0.5).next(3, NOW, null)).isNull();
    }

    @Test
    void retryAfterReplacesTheDelayUpToTheCap() {
        RetrySchedule s = new RetrySchedule(delays, Duration.ofMinutes(10), () -> 0.5);
        assertThat(s.next(1, NOW, Duration.ofSeconds(120))).isEqualTo(NOW.plusSeconds(120));
        assertThat(s.next(1, NOW, Duration.ofHours(3))).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        assertThat(RetrySchedule.retryAfter("30", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetrySchedule.retryAfter("Sun, 06 Dec 2026 12:01:00 GMT", NOW))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(RetrySchedule.retryAfter("Sun, 06 Dec 2026 11:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetrySchedule.retryAfter("soon", NOW)).isNull();
        assertThat(RetrySchedule.retryAfter(null, NOW)).isNull();
        assertThat(RetrySchedule.honoursRetryAfter(503)).isTrue();
        assertThat(RetrySchedule.honoursRetryAfter(500)).isFalse();
    }
}
