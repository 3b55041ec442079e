package dev.weft.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstantsTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00.250Z");

    @Test
    void anIso8601InstantIsTakenAsWritten() {
        assertThat(Instants.parse("2026-11-22T10:00:00Z", NOW))
                .contains(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(Instants.parse(" 2026-11-22T10:00:00.123456789Z ", NOW))
                .contains(Instant.parse("2026-11-22T10:00:00.123456789Z"));
        assertThat(Instants.parse("2026-11-22T11:00:00+01:00", NOW))
                .contains(Instant.parse("2026-11-22T10:00:00Z"));
    }

    @Test
    void aDurationCountsBackFromNow() {
        assertThat(Instants.parse("1h", NOW)).contains(Instant.parse("2026-11-22T11:00:00.250Z"));
        assertThat(Instants.parse("1h30m", NOW)).contains(Instant.parse("2026-11-22T10:30:00.250Z"));
        assertThat(Instants.parse("7d", NOW)).contains(Instant.parse("2026-11-15T12:00:00.250Z"));
        assertThat(Instants.parse("PT30M", NOW)).contains(Instant.parse("2026-11-22T11:30:00.250Z"));
        assertThat(Instants.parse("0s", NOW)).contains(NOW);
    }

    @Test
    void anythingElseNamesNoInstant() {
        assertThat(Instants.parse("", NOW)).isEmpty();
        assertThat(Instants.parse("yesterday", NOW)).isEmpty();
        assertThat(Instants.parse("2026-11-22", NOW)).isEmpty();
        assertThat(Instants.parse("2026-11-22T10:00:00", NOW)).as("no zone").isEmpty();
        assertThat(Instants.parse("2026-11-22T10:00:00 01:00", NOW)).as("'+' decoded as a space").isEmpty();
        assertThat(Instants.parse("-PT1H", NOW)).as("negative").isEmpty();
        assertThat(Instants.parse("PT-1H", NOW)).as("negative").isEmpty();
        assertThat(Instants.parse("1000000000000d", NOW)).as("before the earliest instant").isEmpty();
        assertThat(Instants.parse("1700000000000", NOW)).as("epoch milliseconds").isEmpty();
    }
}
