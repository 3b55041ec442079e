package dev.weft.connector.idurar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cursor a deployed idurar.changed stored before the kit's cursor still reads; a damaged one is refused. */
class ChangedTriggerCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static ChangedTrigger.Cursor cursor(String cursor) throws Exception {
        return ChangedTrigger.cursor(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"resource\": \"payments\"}"), JSON.readTree(cursor), 2), NOW);
    }

    @Test
    void aCursorStoredBeforeTheKitsCursorIsReadAsItWas() throws Exception {
        ChangedTrigger.Cursor c = cursor(
                "{\"resource\": \"payments\", \"since\": \"2026-12-06T09:30:00.250Z\","
                        + " \"seen\": [\"6752f5d2c3b4a59687706a11\"]}");
        assertThat(c.since()).isEqualTo(Instant.parse("2026-12-06T09:30:00.250Z"));
        assertThat(c.at().seen()).containsExactly("6752f5d2c3b4a59687706a11");
        assertThat(c.at().toJson()).isEqualTo(JSON.readTree("{\"resource\": \"payments\", \"since\":"
                + " \"2026-12-06T09:30:00.250Z\", \"seen\": [\"6752f5d2c3b4a59687706a11\"]}"));
        assertThat(cursor("{\"resource\": \"clients\", \"since\": \"2020-01-01T00:00:00Z\", \"seen\": []}")
                .since()).as("another resource's: from now").isEqualTo(NOW);
    }

    @Test
    void theSettleIsNowLessTheConfiguredDurationAndAWrongOneIsRefused() throws Exception {
        String stored = "{\"resource\": \"payments\", \"since\": \"2026-12-06T09:30:00Z\", \"seen\": []}";
        assertThat(cursor(stored).settled()).isEqualTo(Instant.parse("2026-12-06T09:59:50Z"));
        assertThat(ChangedTrigger.cursor(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"resource\": \"payments\", \"settle\": \"1m\"}"), JSON.readTree(stored), 2), NOW)
                .settled())
                .isEqualTo(Instant.parse("2026-12-06T09:59:00Z"));
        assertThatThrownBy(() -> ChangedTrigger.cursor(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"resource\": \"payments\", \"settle\": \"ten seconds\"}"), JSON.readTree(stored), 2), NOW))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("idurar.config");
                    assertThat(e.getMessage()).contains("'settle'", "'ten seconds'");
                });
    }

    @Test
    void aDamagedCursorIsRefusedNamingTheField() {
        assertThatThrownBy(() -> cursor("{\"resource\": \"payments\", \"since\": 1796547600000}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("idurar.cursor");
                    assertThat(e.getMessage()).contains("idurar.changed", "'since' must be an ISO-8601 time");
                });
    }
}
