package dev.weft.engine.schedule;

import static dev.weft.engine.schedule.ScheduleFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CronSlotsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void theNextSlotIsStrictlyAfterTheGivenInstant() {
        CronSlots daily = CronSlots.of("0 9 * * *", ZoneOffset.UTC);

        assertThat(daily.next(at("2025-01-06T09:00:00Z"))).contains(at("2025-01-07T09:00:00Z"));
        assertThat(daily.next(at("2025-01-06T08:59:59.999Z"))).contains(at("2025-01-06T09:00:00Z"));
    }

    @Test
    void slotsFollowTheZonesWallClock() {
        CronSlots berlin = CronSlots.of("0 9 * * 1-5", BERLIN);

        // Monday 6 January 2025, winter time (UTC+1); then Monday 7 July, summer time (UTC+2).
        assertThat(berlin.next(at("2025-01-04T00:00:00Z"))).contains(at("2025-01-06T08:00:00Z"));
        assertThat(berlin.next(at("2025-07-05T00:00:00Z"))).contains(at("2025-07-07T07:00:00Z"));
    }

    @Test
    void aSlotInTheSkippedHourOfSpringForwardFiresOnceAtItsOldOffset() {
        CronSlots slots = CronSlots.of("30 2 * * *", BERLIN);

        // 30 March 2025: clocks jump from 02:00 to 03:00, so 02:30 never happens; it fires at 03:30 CEST.
        assertThat(between(slots, "2025-03-28T12:00:00Z", "2025-03-31T12:00:00Z")).containsExactly(
                at("2025-03-29T01:30:00Z"), at("2025-03-30T01:30:00Z"), at("2025-03-31T00:30:00Z"));
    }

    @Test
    void aSlotInTheRepeatedHourOfFallBackFiresOnceAtItsFirstOccurrence() {
        // 2 November 2025 in New York: 01:00-02:00 happens twice (EDT, then EST).
        assertThat(
                between(CronSlots.of("30 1 * * *", NEW_YORK), "2025-11-01T00:00:00Z", "2025-11-04T00:00:00Z"))
                .containsExactly(at("2025-11-01T05:30:00Z"), at("2025-11-02T05:30:00Z"),
                        at("2025-11-03T06:30:00Z"));
        // 26 October 2025 in Berlin: 02:00-03:00 happens twice.
        assertThat(
                between(CronSlots.of("30 2 * * *", BERLIN), "2025-10-25T00:00:00Z", "2025-10-28T00:00:00Z"))
                .containsExactly(at("2025-10-25T00:30:00Z"), at("2025-10-26T00:30:00Z"),
                        at("2025-10-27T01:30:00Z"));
    }

    @Test
    void aSlotAskedForFromInsideTheRepeatedHourIsNotFiredAgain() {
        CronSlots slots = CronSlots.of("30 1 * * *", NEW_YORK);

        // 01:10 EST, the second 01:10 of 2 November: that day's 01:30 was at its first occurrence.
        assertThat(slots.next(at("2025-11-02T06:10:00Z"))).contains(at("2025-11-03T06:30:00Z"));
    }

    @Test
    void anExpressionWithEveryHourKeepsItsIntervalAcrossBothChanges() {
        CronSlots quarter = CronSlots.of("*/15 * * * *", BERLIN);

        List<Instant> spring = between(quarter, "2025-03-30T00:30:00Z", "2025-03-30T01:30:00Z");
        List<Instant> autumn = between(quarter, "2025-10-26T00:30:00Z", "2025-10-26T01:30:00Z");

        assertThat(spring).containsExactly(at("2025-03-30T00:45:00Z"), at("2025-03-30T01:00:00Z"),
                at("2025-03-30T01:15:00Z"), at("2025-03-30T01:30:00Z"));
        assertThat(autumn).containsExactly(at("2025-10-26T00:45:00Z"), at("2025-10-26T01:00:00Z"),
                at("2025-10-26T01:15:00Z"), at("2025-10-26T01:30:00Z"));
    }

    @Test
    void agreesWithAMinuteByMinuteReadingOfTheRulesAroundEveryChange() {
        String[] crons = {"30 2 * * *", "0,30 2,3 * * *", "*/15 * * * *", "* 2 * * *", "15 1,2 * * 0"};
        ZoneId[] zones = {BERLIN, NEW_YORK, ZoneId.of("Australia/Lord_Howe")};
        for (ZoneId zone : zones) {
            for (ZoneOffsetTransition change : changesIn2025(zone)) {
                Instant from = change.getInstant().minus(Duration.ofHours(14));
                Instant to = change.getInstant().plus(Duration.ofHours(14));
                for (String cron : crons) {
                    TreeSet<Instant> expected = minuteByMinute(cron, zone, from, to);
                    CronSlots slots = CronSlots.of(cron, zone);
                    for (Instant t = from; t
                            .isBefore(to.minus(Duration.ofHours(3))); t = t.plusSeconds(31 * 60 + 7)) {
                        Instant want = expected.higher(t);
                        Optional<Instant> got = slots.next(t);
                        if (want == null) {
                            assertThat(got).as("%s in %s after %s", cron, zone, t).get()
                                    .matches(g -> g.isAfter(to));
                        } else {
                            assertThat(got).as("%s in %s after %s", cron, zone, t).contains(want);
                        }
                    }
                    for (Instant s : expected.headSet(expected.last())) {
                        assertThat(slots.next(s)).as("%s in %s after slot %s", cron, zone, s)
                                .contains(expected.higher(s));
                    }
                }
            }
        }
    }

    @Test
    void whenBothDayFieldsAreRestrictedEitherMatchesAsInUnixCron() {
        CronSlots thirteenthOrFriday = CronSlots.of("0 9 13 * 5", ZoneOffset.UTC);

        assertThat(between(thirteenthOrFriday, "2025-01-01T00:00:00Z", "2025-01-17T12:00:00Z"))
                .containsExactly(
                        at("2025-01-03T09:00:00Z"), at("2025-01-10T09:00:00Z"), at("2025-01-13T09:00:00Z"),
                        at("2025-01-17T09:00:00Z"));
    }

    @Test
    void theLatestSlotBeforeAnInstantIsFoundAfterAYearOfMinutes() {
        CronSlots everyMinute = CronSlots.of("* * * * *", ZoneOffset.UTC);

        assertThat(everyMinute.latestAtOrBefore(at("2026-01-06T10:07:30Z"), at("2025-01-06T10:07:00Z")))
                .isEqualTo(at("2026-01-06T10:07:00Z"));
        assertThat(everyMinute.latestAtOrBefore(at("2025-01-06T10:07:00Z"), at("2025-01-06T10:07:00Z")))
                .isEqualTo(at("2025-01-06T10:07:00Z"));
    }

    @Test
    void theLatestSlotOfARareScheduleIsFoundAcrossYears() {
        CronSlots leapDay = CronSlots.of("0 12 29 2 *", ZoneOffset.UTC);

        assertThat(leapDay.latestAtOrBefore(at("2031-06-01T00:00:00Z"), at("2024-02-29T12:00:00Z")))
                .isEqualTo(at("2028-02-29T12:00:00Z"));
    }

    @Test
    void nicknamesStandForTheirExpressions() {
        assertThat(CronSlots.of("@daily", ZoneOffset.UTC).next(at("2025-01-06T10:00:00Z")))
                .contains(at("2025-01-07T00:00:00Z"));
        assertThat(CronSlots.of("@hourly", ZoneOffset.UTC).next(at("2025-01-06T10:00:00Z")))
                .contains(at("2025-01-06T11:00:00Z"));
    }

    private static List<Instant> between(CronSlots slots, String from, String to) {
        List<Instant> all = new ArrayList<>();
        for (Instant s = slots.next(at(from)).orElseThrow(); !s.isAfter(at(to)); s = slots.next(s)
                .orElseThrow()) {
            all.add(s);
        }
        return all;
    }

    private static List<ZoneOffsetTransition> changesIn2025(ZoneId zone) {
        List<ZoneOffsetTransition> all = new ArrayList<>();
        for (ZoneOffsetTransition t = zone.getRules().nextTransition(at("2025-01-01T00:00:00Z")); t != null
                && t.getInstant().isBefore(at("2026-01-01T00:00:00Z")); t = zone.getRules().nextTransition(
                        t.getInstant())) {
            all.add(t);
        }
        assertThat(all).hasSize(2);
        return all;
    }

    /**
     * The slots by definition, walking the time line minute by minute: a minute whose wall-clock time
     * matches fires at its first occurrence (at every occurrence when the hour field is {@code *});
     * a matching wall-clock minute that the clocks skipped fires when its old-offset instant passes.
     */
    private static TreeSet<Instant> minuteByMinute(String cron, ZoneId zone, Instant from, Instant to) {
        boolean everyHour = cron.split(" ")[1].equals("*");
        TreeSet<Instant> slots = new TreeSet<>();
        for (Instant i = from.truncatedTo(ChronoUnit.MINUTES); !i.isAfter(to); i = i.plusSeconds(60)) {
            LocalDateTime local = LocalDateTime.ofInstant(i, zone);
            boolean first = local.atZone(zone).toInstant().equals(i);
            if (matches(cron, local) && (first || everyHour)) {
                slots.add(i);
            }
            ZoneOffsetTransition previous = zone.getRules().previousTransition(i.plusNanos(1));
            if (!everyHour && previous != null && previous.isGap()
                    && i.isBefore(previous.getInstant().plus(previous.getDuration()))) {
                LocalDateTime skipped = LocalDateTime.ofInstant(i, previous.getOffsetBefore());
                if (matches(cron, skipped)) {
                    slots.add(i);
                }
            }
        }
        return slots;
    }

    /** A matcher of its own for the reference (numbers, lists, {@code *} and {@code *}{@code /n}). */
    private static boolean matches(String cron, LocalDateTime t) {
        String[] f = cron.split(" ");
        return field(f[0], t.getMinute()) && field(f[1], t.getHour()) && field(f[2], t.getDayOfMonth())
                && field(f[3], t.getMonthValue()) && field(f[4], t.getDayOfWeek().getValue() % 7);
    }

    private static boolean field(String expression, int value) {
        for (String part : expression.split(",")) {
            if (part.equals("*") || part.startsWith("*/") && value % Integer.parseInt(part.substring(2)) == 0
                    || !part.startsWith("*") && Integer.parseInt(part) == value) {
                return true;
            }
        }
        return false;
    }
}
