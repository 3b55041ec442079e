package dev.weft.connector.wordpress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The cursor a deployed wordpress.changed stored before the kit's cursor still reads; a damaged one is refused. */
class ChangedTriggerCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChangedTrigger.SiteClock NOON = () -> LocalDateTime.parse("2026-12-06T12:00:00");

    private static ChangedTrigger.Query query(String cursor) throws Exception {
        return ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree("{}"),
                JSON.readTree(cursor), 2), NOON);
    }

    @Test
    void aCursorStoredBeforeTheKitsCursorIsReadAsItWas() throws Exception {
        ChangedTrigger.Query q = query(
                "{\"type\": \"posts\", \"since\": \"2026-12-06T10:00:00\", \"page\": 3,"
                        + " \"seen\": [\"4\", \"5\"]}");
        assertThat(q.parameters()).containsEntry("modified_after", "2026-12-06T09:59:59")
                .containsEntry("page", "3");
        assertThat(q.cursor().seen()).containsExactly("4", "5");
        assertThat(
                query("{\"type\": \"posts\", \"since\": \"2026-12-06T10:00:00\", \"page\": 0, \"seen\": []}")
                        .parameters())
                .as("WordPress pages from 1").containsEntry("page", "1");
    }

    @Test
    void aCursorThatKnowsItsMarksGmtReadsAnHourBackAndKeepsWhatItTookBelowTheMark() throws Exception {
        ChangedTrigger.Query q = query(
                "{\"type\": \"posts\", \"since\": \"2026-11-01T01:50:00\", \"page\": 1,"
                        + " \"seen\": [\"4\"], \"sinceGmt\": \"2026-11-01T05:50:00\", \"late\": [\"7@2026-11-01T06:20:00\"]}");
        assertThat(q.parameters()).containsEntry("modified_after", "2026-11-01T00:49:59");
        assertThat(q.sinceGmt()).isEqualTo("2026-11-01T05:50:00");
        assertThat(q.late()).containsExactly("7@2026-11-01T06:20:00");
        assertThat(query("{\"type\": \"pages\", \"since\": \"2026-11-01T01:50:00\", \"seen\": [],"
                + " \"sinceGmt\": \"2026-11-01T05:50:00\"}").sinceGmt()).as("another type's: afresh")
                .isNull();
    }

    @Test
    void aDamagedCursorIsRefusedNamingTheField() {
        assertThatThrownBy(
                () -> query("{\"type\": \"posts\", \"since\": \"2026-11-01T01:50:00\", \"seen\": [],"
                        + " \"sinceGmt\": \"05:50\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("wordpress.cursor");
                    assertThat(e.getMessage()).contains("'sinceGmt'", "YYYY-MM-DDTHH:MM:SS");
                });
        assertThatThrownBy(
                () -> query("{\"type\": \"posts\", \"since\": \"2026-11-01T01:50:00\", \"seen\": [],"
                        + " \"sinceGmt\": \"2026-11-01T05:50:00\", \"late\": [7]}"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("'late'", "id@YYYY-MM-DDTHH:MM:SS"));
        assertThatThrownBy(() -> query("{\"type\": \"posts\", \"since\": \"noon\", \"seen\": []}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("wordpress.cursor");
                    assertThat(e.getMessage()).contains("wordpress.changed", "'since'", "noon");
                });
        assertThatThrownBy(() -> query("{\"type\": \"posts\", \"since\": 1796551200}"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("'since' must be a string"));
    }
}
