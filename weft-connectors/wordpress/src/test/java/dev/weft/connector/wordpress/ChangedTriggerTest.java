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
