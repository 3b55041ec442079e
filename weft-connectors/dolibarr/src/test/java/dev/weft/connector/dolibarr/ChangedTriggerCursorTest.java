package dev.weft.connector.dolibarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cursor a deployed dolibarr.changed stored before the kit's cursor still reads; a damaged one is refused. */
class ChangedTriggerCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static ChangedTrigger.Query query(String cursor) throws Exception {
        return ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"resource\": \"invoices\"}"), cursor == null ? null : JSON.readTree(cursor), 2), NOW);
    }

    @Test
    void aCursorStoredBeforeTheKitsCursorIsReadAsItWas() throws Exception {
        ChangedTrigger.Query q = query(
                "{\"resource\": \"invoices\", \"since\": 1796554800, \"page\": 1, \"seen\": [\"8\", \"9\"]}");
        assertThat(q.pathAndQuery()).contains("page=1", "2026-12-06+11%3A00%3A00");
        assertThat(q.cursor().seen()).containsExactly("8", "9");
        ChangedTrigger.Query noPage = query(
                "{\"resource\": \"invoices\", \"since\": 1796554800, \"seen\": []}");
        assertThat(noPage.pathAndQuery()).contains("page=0");
    }

    @Test
    void aCursorOfAnotherResourceStartsAtTheFirstPollsTime() throws Exception {
        assertThat(
                query("{\"resource\": \"orders\", \"since\": 1, \"page\": 0, \"seen\": []}").cursor().mark()
                        .asLong())
                .isEqualTo(NOW.getEpochSecond());
    }

    @Test
    void aDamagedCursorIsRefusedNamingTheField() {
        assertThatThrownBy(
                () -> query("{\"resource\": \"invoices\", \"since\": \"yesterday\", \"seen\": []}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("dolibarr.cursor");
                    assertThat(e.getMessage()).contains("dolibarr.changed", "'since' must be a number");
                });
    }
}
