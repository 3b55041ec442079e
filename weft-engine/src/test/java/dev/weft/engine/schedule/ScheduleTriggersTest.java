package dev.weft.engine.schedule;

import static dev.weft.engine.schedule.ScheduleFixture.at;
import static dev.weft.engine.schedule.ScheduleFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Trigger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTriggersTest {

    @Test
    void aKeyDependsOnCronAndZoneOnly() {
        String base = keyOf(
                "{\"type\": \"schedule\", \"cron\": \"0 9 * * *\", \"timezone\": \"Europe/Berlin\"}");

        assertThat(
                keyOf("{\"type\": \"schedule\", \"cron\": \" 0 9  * * * \", \"timezone\": \"Europe/Berlin\","
                        + " \"misfire\": \"run-once\"}"))
                .isEqualTo(base);
        assertThat(
                keyOf("{\"type\": \"schedule\", \"cron\": \"0 10 * * *\", \"timezone\": \"Europe/Berlin\"}"))
                .isNotEqualTo(base);
        assertThat(keyOf("{\"type\": \"schedule\", \"cron\": \"0 9 * * *\", \"timezone\": \"Europe/Paris\"}"))
                .isNotEqualTo(base);
        assertThat(base).matches("cron-[0-9a-f]{12}");
    }

    @Test
    void listsOnlyScheduleTriggersWithTheirIndexAndInvalidOnesWithoutAKey() {
        List<ScheduleTriggers.Entry> entries = ScheduleTriggers.of(flow("{\"type\": \"manual\"}",
                "{\"type\": \"schedule\", \"cron\": \"0 9 * * *\"}",
                "{\"type\": \"schedule\", \"cron\": \"bad\"}",
                "{\"type\": \"schedule\", \"cron\": \"0 9 * * *\"}"));

        assertThat(entries).extracting(ScheduleTriggers.Entry::index).containsExactly(1, 2, 3);
        assertThat(entries.get(1).key()).isNull();
        assertThat(entries.get(1).parsed().messages()).singleElement().asString()
                .startsWith("triggers[2].cron: ");
        assertThat(entries.get(2).key()).isEqualTo(entries.get(0).key() + "-2");
    }

    @Test
    void anExecutionIdIsTheSameForTheSameSlotAndDiffersForAnother() {
        String id = SlotFirer.executionId("acme", "finance", "report", "cron-0123456789ab",
                at("2025-01-06T09:00:00Z"));

        assertThat(SlotFirer.executionId("acme", "finance", "report", "cron-0123456789ab",
                at("2025-01-06T09:00:00Z")))
                .isEqualTo(id);
        assertThat(SlotFirer.executionId("acme", "finance", "report", "cron-0123456789ab",
                at("2025-01-07T09:00:00Z")))
                .isNotEqualTo(id);
        assertThat(SlotFirer.executionId("other", "finance", "report", "cron-0123456789ab",
                at("2025-01-06T09:00:00Z")))
                .isNotEqualTo(id);
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    private static String keyOf(String trigger) {
        return ScheduleTriggers.of(flow(trigger)).get(0).key();
    }

    private static Flow flow(String... triggers) {
        List<Trigger> list = new ArrayList<>();
        for (String t : triggers) {
            list.add(new Trigger(read(t).path("type").asText(), read(t)));
        }
        return new Flow("report", "finance", null, null, list, List.of(), null);
    }
}
