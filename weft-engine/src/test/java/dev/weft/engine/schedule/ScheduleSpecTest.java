package dev.weft.engine.schedule;

import static dev.weft.engine.schedule.ScheduleFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.schedule.ScheduleSpec.Parsed;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleSpecTest {

    @Test
    void readsCronZoneAndMisfire() {
        Parsed p = ScheduleSpec.parse("triggers[1]", read(
                "{\"type\": \"schedule\", \"cron\": \" 0  9 * * 1-5 \", \"timezone\": \"Europe/Berlin\","
                        + " \"misfire\": \"run-once\"}"));

        assertThat(p.problems()).isEmpty();
        assertThat(p.spec())
                .contains(new ScheduleSpec("0 9 * * 1-5", ZoneId.of("Europe/Berlin"), Misfire.RUN_ONCE));
    }

    @Test
    void zoneDefaultsToUtcAndMisfireToSkip() {
        Parsed p = ScheduleSpec.parse("triggers[0]",
                read("{\"type\": \"schedule\", \"cron\": \"0 9 * * *\"}"));

        assertThat(p.spec().orElseThrow().zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(p.spec().orElseThrow().misfire()).isEqualTo(Misfire.SKIP);
    }

    @Test
    void acceptsNicknamesAndDayAndMonthNames() {
        assertThat(parse("\"cron\": \"@daily\"").ok()).isTrue();
        assertThat(parse("\"cron\": \"0 9 * JAN-MAR MON-FRI\"").ok()).isTrue();
    }

    @Test
    void aCronWithTheWrongNumberOfFieldsSaysHowManyItNeeds() {
        assertThat(parse("\"cron\": \"0 9 * *\"").messages()).containsExactly(
                "triggers[1].cron: '0 9 * *' has 4 fields, but a cron expression has 5 (minute hour day-of-month"
                        + " month day-of-week), such as \"0 9 * * *\" (09:00 every day)");
    }

    @Test
    void aCronWithSecondsIsRefusedWithTheReason() {
        assertThat(parse("\"cron\": \"0 0 9 * * ?\"").messages()).singleElement().asString()
                .startsWith("triggers[1].cron: '0 0 9 * * ?' has 6 fields, but schedules take 5")
                .contains("seconds and years (Quartz style) are not supported");
    }

    @Test
    void aCronWithAValueOutOfRangeNamesTheCronField() {
        assertThat(parse("\"cron\": \"0 25 * * *\"").messages()).singleElement().asString()
                .startsWith("triggers[1].cron: '0 25 * * *': the hour field '25' is invalid: value 25 not in"
                        + " range [0, 23]");
    }

    @Test
    void aCronThatNeverFiresIsRefused() {
        assertThat(parse("\"cron\": \"0 9 30 2 *\"").messages()).containsExactly(
                "triggers[1].cron: '0 9 30 2 *' never fires: no date matches its day-of-month and month fields");
    }

    @Test
    void aMissingOrMistypedCronIsNamed() {
        assertThat(parse("\"misfire\": \"skip\"").messages()).containsExactly(
                "triggers[1].cron: required: a cron expression such as \"0 9 * * *\" (09:00 every day)");
        assertThat(parse("\"cron\": 9").messages()).singleElement().asString()
                .startsWith("triggers[1].cron: must be a cron expression in quotes")
                .endsWith("but was the number 9");
        assertThat(parse("\"cron\": \"@fortnightly\"").messages()).singleElement().asString()
                .startsWith(
                        "triggers[1].cron: unknown nickname '@fortnightly'; use one of @annually, @daily,");
    }

    @Test
    void anUnknownZoneIsNamedWithAnExample() {
        assertThat(parse("\"cron\": \"0 9 * * *\", \"timezone\": \"Europe/Berlinn\"").messages())
                .containsExactly(
                        "triggers[1].timezone: unknown time zone 'Europe/Berlinn'; use an IANA time zone id such as"
                                + " Europe/Berlin, America/New_York or UTC");
        assertThat(parse("\"cron\": \"0 9 * * *\", \"timezone\": \"europe/berlin\"").messages())
                .containsExactly(
                        "triggers[1].timezone: unknown time zone 'europe/berlin'; did you mean 'Europe/Berlin'? Zone ids"
                                + " are case-sensitive");
    }

    @Test
    void aFixedOffsetIsRefusedBecauseItIgnoresDaylightSavingTime() {
        assertThat(parse("\"cron\": \"0 9 * * *\", \"timezone\": \"+02:00\"").messages()).singleElement()
                .asString().startsWith("triggers[1].timezone: '+02:00' is a fixed UTC offset, which ignores"
                        + " daylight saving time");
    }

    @Test
    void anUnknownMisfirePolicyListsTheKnownOnes() {
        assertThat(parse("\"cron\": \"0 9 * * *\", \"misfire\": \"catch-up\"").messages()).containsExactly(
                "triggers[1].misfire: must be one of skip, run-once (what to do about slots missed while no node"
                        + " was running; default skip), but was the string \"catch-up\"");
    }

    @Test
    void anUnknownFieldIsNamedWithTheClosestKnownOne() {
        assertThat(parse("\"cron\": \"0 9 * * *\", \"timeZone\": \"Europe/Berlin\"").messages())
                .containsExactly(
                        "triggers[1].timeZone: unknown field 'timeZone' of a schedule trigger; did you mean 'timezone'?"
                                + " Fields: type, description, cron, timezone, misfire");
    }

    @Test
    void reportsEveryProblemAtOnceWithTheFieldForTheValidatorsPointer() {
        Parsed p = parse("\"cron\": \"0 9 * *\", \"timezone\": \"Mars/Olympus\", \"misfire\": \"never\"");

        assertThat(p.spec()).isEmpty();
        assertThat(p.problems()).extracting(ScheduleSpec.FieldProblem::field)
                .containsExactly("cron", "timezone", "misfire");
    }

    @Test
    void theRecordRefusesAnInvalidCronQuotingIt() {
        assertThatThrownBy(() -> new ScheduleSpec("61 * * * *", ZoneId.of("UTC"), Misfire.SKIP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "cron '61 * * * *': the minute field '61' is invalid: value 61 not in range");
    }

    private static Parsed parse(String members) {
        return ScheduleSpec.parse("triggers[1]", read("{\"type\": \"schedule\", " + members + "}"));
    }
}
