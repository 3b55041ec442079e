package dev.weft.connector.erpnext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cursor a deployed erpnext.changed stored before the kit's cursor still reads; a damaged one is refused. */
class ChangedTriggerCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    static {
        // As the platform does: the connector's class first, whose declaration builds the trigger's.
        new ErpNextConnector();
    }

    private static ChangedTrigger.Query query(String cursor) throws Exception {
        return ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"doctype\": \"Sales Invoice\"}"), cursor == null ? null : JSON.readTree(cursor), 2), NOW);
    }

    @Test
    void aCursorStoredBeforeTheKitsCursorIsReadAsItWas() throws Exception {
        ChangedTrigger.Query q = query(
                "{\"doctype\": \"Sales Invoice\", \"since\": \"2026-12-06 10:00:00.123456\","
                        + " \"seen\": [\"ACC-SINV-2026-00007\"], \"start\": 2}");
        assertThat(URLDecoder.decode(q.pathAndQuery(), StandardCharsets.UTF_8))
                .contains("[[\"modified\",\">=\",\"2026-12-06 10:00:00.123456\"]]", "limit_start=2");
        assertThat(q.cursor().seen()).containsExactly("ACC-SINV-2026-00007");
    }

    @Test
    void aCursorOfAnotherDoctypeStartsAtTheFirstPollsTime() throws Exception {
        assertThat(query("{\"doctype\": \"Customer\", \"since\": \"2020-01-01 00:00:00\", \"seen\": []}")
                .cursor().mark().asText()).isEqualTo("2026-12-06 10:00:00");
    }

    @Test
    void aDamagedCursorIsRefusedNamingTheField() {
        assertThatThrownBy(() -> query("{\"doctype\": \"Sales Invoice\", \"since\": \"2026-12-06 10:00:00\","
                + " \"seen\": [], \"start\": \"ten\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("erpnext.cursor");
                    assertThat(e.getMessage()).contains("erpnext.changed", "'start'");
                });
    }
}
