package dev.weft.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cursor a deployed hubspot.changed stored before the kit's cursor still reads; a damaged one is refused. */
class ChangedTriggerCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static ChangedTrigger.Query query(String cursor) throws Exception {
        return ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"objectType\": \"deals\"}"), JSON.readTree(cursor), 2), NOW);
    }

    @Test
    void aCursorStoredBeforeTheKitsCursorIsReadAsItWas() throws Exception {
        ChangedTrigger.Query q = query(
                "{\"objectType\": \"deals\", \"since\": 1796547600000, \"seen\": [\"9001\"],"
                        + " \"after\": null}");
        assertThat(q.since()).isEqualTo(1796547600000L);
        assertThat(q.body().at("/filterGroups/0/filters/0/value").asText()).isEqualTo("1796547600000");
        assertThat(q.body().has("after")).isFalse();
        assertThat(q.cursor().seen()).containsExactly("9001");
        assertThat(query(
                "{\"objectType\": \"deals\", \"since\": 1796547600000, \"seen\": [], \"after\": \"200\"}")
                .body().get("after").asText()).isEqualTo("200");
    }

    @Test
    void aDamagedCursorIsRefusedNamingTheField() {
        assertThatThrownBy(() -> query("{\"objectType\": \"deals\", \"since\": \"2026-12-06T09:00:00Z\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("hubspot.cursor");
                    assertThat(e.getMessage()).contains("hubspot.changed", "'since' must be a number");
                });
    }
}
