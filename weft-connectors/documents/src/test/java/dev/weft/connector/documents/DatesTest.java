package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DatesTest {
    private static final LocalDate MARCH_14 = LocalDate.of(2026, 3, 14);

    @Test
    void readsIsoNumericAndNamedMonthDates() {
        assertThat(date("2026-03-14", Hints.NONE)).isEqualTo(MARCH_14);
        assertThat(date("14.03.2026", Hints.NONE)).isEqualTo(MARCH_14);
        assertThat(date("14/03/2026", Hints.NONE)).isEqualTo(MARCH_14);
        assertThat(date("03/14/2026", Hints.NONE)).isEqualTo(MARCH_14);
        assertThat(date("14 March 2026", Hints.NONE)).isEqualTo(MARCH_14);
        assertThat(date("Mar 14, 2026", Hints.NONE)).isEqualTo(MARCH_14);
        assertThat(date("March 14th, 2026", Hints.NONE)).isEqualTo(MARCH_14);
        assertThat(date("14-Mar-2026", Hints.NONE)).isEqualTo(MARCH_14);
        assertThat(date("14. März 2026", Hints.NONE)).isEqualTo(MARCH_14);
        assertThat(date("14.03.26", Hints.NONE)).isEqualTo(MARCH_14);
    }

    @Test
    void anAmbiguousSlashedDateIsDayFirstAndSaysSoUnlessTheHintsGiveTheOrder() {
        Dates.Found guess = Dates.first("03/04/2026", Hints.NONE).orElseThrow();
        assertThat(guess.date()).isEqualTo(LocalDate.of(2026, 4, 3));
        assertThat(guess.ambiguous()).isTrue();

        Dates.Found us = Dates.first("03/04/2026", new Hints(null, false, "MDY")).orElseThrow();
        assertThat(us.date()).isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(us.ambiguous()).isFalse();
    }

    @Test
    void findsNoDateWhereThereIsNone() {
        assertThat(Dates.first("31/02/2026", Hints.NONE)).isEmpty();
        assertThat(Dates.first("INV-2026-001", Hints.NONE)).isEmpty();
    }

    private static LocalDate date(String text, Hints hints) {
        return Dates.first(text, hints).orElseThrow(() -> new AssertionError("no date in " + text)).date();
    }
}
