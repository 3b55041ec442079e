package dev.weft.connector.wordpress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Event;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/**
 * The cursor of {@code wordpress.changed} on its own: what it asks WordPress for and what it keeps, including
 * the case the real site rarely shows, a whole page of posts changed in the same second.
 */
class ChangedTriggerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChangedTrigger.SiteClock NOON = () -> LocalDateTime.parse("2026-12-06T12:00:00");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String record(int id, String modified) {
        return "{\"id\": " + id + ", \"modified\": \"" + modified + "\", \"modified_gmt\": \"" + modified
                + "\"}";
    }

    @Test
    void asksFromASecondBeforeTheCursorBecauseModifiedAfterIsExclusive() throws Exception {
        ChangedTrigger.Query first = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME,
                json("{\"status\": [\"publish\", \"draft\"]}"), null, 500), NOON);
        assertThat(first.since()).as("no since: the site's time now").isEqualTo("2026-12-06T12:00:00");
        assertThat(first.parameters()).containsEntry("modified_after", "2026-12-06T11:59:59")
                .containsEntry("orderby", "modified").containsEntry("order", "asc")
                .containsEntry("status", "publish,draft").containsEntry("per_page", "100")
                .containsEntry("page", "1");
        assertThat(first.route()).isEqualTo("/wp/v2/posts");
    }

    @Test
    void aWholePageSharingTheCursorsSecondMovesToTheNextPageAndTakesNothingTwice() throws Exception {
        JsonNode config = json("{\"since\": \"2026-12-06T10:00:00\"}");
        ChangedTrigger.Query q1 = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, config, null, 2),
                NOON);
        PollResult r1 = ChangedTrigger.result(q1, json("[" + record(3, "2026-12-06T09:59:59") + ", "
                + record(4, "2026-12-06T10:00:00") + "]"));
        assertThat(r1.events()).extracting(Event::id).as("the record before since is dropped")
                .containsExactly("posts:4:2026-12-06T10:00:00");
        assertThat(r1.more()).isTrue();
        assertThat(r1.cursor().get("page").asInt()).as("a full page at the cursor's second").isEqualTo(2);

        ChangedTrigger.Query q2 = ChangedTrigger.query(
                new PollRequest(ChangedTrigger.NAME, config, r1.cursor(), 2),
                NOON);
        assertThat(q2.parameters()).containsEntry("page", "2");
        PollResult r2 = ChangedTrigger.result(q2, json("[" + record(5, "2026-12-06T10:00:00") + ", "
                + record(6, "2026-12-06T10:00:07") + "]"));
        assertThat(r2.events()).extracting(Event::id).containsExactly("posts:5:2026-12-06T10:00:00",
                "posts:6:2026-12-06T10:00:07");
        assertThat(r2.cursor().get("since").asText()).isEqualTo("2026-12-06T10:00:07");
        assertThat(r2.cursor().get("page").asInt()).as("the cursor moved: back to the first page")
                .isEqualTo(1);
        assertThat(r2.cursor().get("seen")).extracting(JsonNode::asText).containsExactly("6");

        ChangedTrigger.Query q3 = ChangedTrigger.query(
                new PollRequest(ChangedTrigger.NAME, config, r2.cursor(), 2),
                NOON);
        PollResult r3 = ChangedTrigger.result(q3, json("[" + record(6, "2026-12-06T10:00:07") + "]"));
        assertThat(r3.events()).as("post 6 at the cursor's second was taken").isEmpty();
        assertThat(r3.more()).isFalse();
    }

    private static String record(int id, String modified, String gmt) {
        return "{\"id\": " + id + ", \"modified\": \"" + modified + "\", \"modified_gmt\": \"" + gmt + "\"}";
    }

    private static PollResult poll(JsonNode config, JsonNode cursor, String... records) throws Exception {
        ChangedTrigger.Query q = ChangedTrigger.query(
                new PollRequest(ChangedTrigger.NAME, config, cursor, 10),
                NOON);
        return ChangedTrigger.result(q, json("[" + String.join(", ", records) + "]"));
    }

    @Test
    void changesMadeAfterTheClockWentBackAnHourAreTakenOnceByTheirModifiedGmt() throws Exception {
        // New York, 1 November 2026: at 06:00 UTC the clocks go back from 02:00 EDT to 01:00 EST.
        JsonNode config = json("{\"since\": \"2026-11-01T00:00:00\"}");
        String a = record(1, "2026-11-01T01:50:00", "2026-11-01T05:50:00");
        PollResult r1 = poll(config, null, a);
        assertThat(r1.events()).extracting(Event::id).containsExactly("posts:1:2026-11-01T05:50:00");
        assertThat(r1.cursor().get("sinceGmt").asText()).isEqualTo("2026-11-01T05:50:00");
        assertThat(ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, config, r1.cursor(), 10), NOON)
                .parameters()).as("an hour before the mark")
                .containsEntry("modified_after", "2026-11-01T00:49:59");

        String b = record(2, "2026-11-01T01:20:00", "2026-11-01T06:20:00"); // 01:20 EST, below the mark
        PollResult r2 = poll(config, r1.cursor(), b, a);
        assertThat(r2.events()).extracting(Event::id).containsExactly("posts:2:2026-11-01T06:20:00");
        assertThat(r2.cursor().get("since").asText()).as("the mark stays").isEqualTo("2026-11-01T01:50:00");
        PollResult r3 = poll(config, r2.cursor(), b, a);
        assertThat(r3.events()).as("post 2 was taken").isEmpty();

        String c = record(3, "2026-11-01T01:55:00", "2026-11-01T06:55:00");
        PollResult r4 = poll(config, r3.cursor(), b, a, c);
        assertThat(r4.events()).extracting(Event::id).containsExactly("posts:3:2026-11-01T06:55:00");
        assertThat(r4.cursor().get("late")).as("post 2 is older than the mark now").isEmpty();
        assertThat(poll(config, r4.cursor(), b, a, c).events()).isEmpty();

        String b2 = record(2, "2026-11-01T01:20:00", "2026-11-01T07:20:00"); // changed again, 02:20 EST
        String d = record(4, "2026-11-01T01:30:00", "2026-11-01T06:30:00");
        assertThat(poll(config, r4.cursor(), b2, d, a, c).events()).as("only the change after the mark's")
                .extracting(Event::id).containsExactly("posts:2:2026-11-01T07:20:00");
    }

    @Test
    void aChangeMadeAfterTheClockWentBackAndTakenAboveTheMarkIsNotTakenAgainBelowIt() throws Exception {
        // No poll ran from 00:30 EDT until after 01:20 EST: both changes are above the mark, taken at once.
        JsonNode config = json("{\"since\": \"2026-11-01T00:30:00\"}");
        String y = record(5, "2026-11-01T01:20:00", "2026-11-01T06:20:00");
        String x = record(6, "2026-11-01T01:50:00", "2026-11-01T05:50:00");
        PollResult r1 = poll(config, null, y, x);
        assertThat(r1.events()).extracting(Event::id).containsExactly("posts:5:2026-11-01T06:20:00",
                "posts:6:2026-11-01T05:50:00");
        assertThat(poll(config, r1.cursor(), y, x).events()).isEmpty();
    }

    @Test
    void aChangedRecordIsANewEvent() throws Exception {
        JsonNode config = json("{\"type\": \"pages\", \"since\": \"2026-12-06T10:00:00\"}");
        ChangedTrigger.Query q = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, config, null, 10),
                NOON);
        PollResult r = ChangedTrigger.result(q, json("[" + record(8, "2026-12-06T10:00:00") + "]"));
        ChangedTrigger.Query later = ChangedTrigger.query(
                new PollRequest(ChangedTrigger.NAME, config, r.cursor(), 10),
                NOON);
        PollResult again = ChangedTrigger.result(later, json("[" + record(8, "2026-12-06T10:05:00") + "]"));
        assertThat(again.events()).extracting(Event::id).containsExactly("pages:8:2026-12-06T10:05:00");
        assertThat(later.route()).isEqualTo("/wp/v2/pages");
    }
}
