package dev.weft.connector.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cursor a deployed dynamics.changed stored before the kit's cursor still reads; a damaged one is refused. */
class ChangedTriggerCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static ChangedTrigger.Query query(String cursor) throws Exception {
        return ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"entitySet\": \"accounts\"}"), JSON.readTree(cursor), 2), NOW);
    }

    @Test
    void aCursorStoredBeforeTheKitsCursorIsReadAsItWas() throws Exception {
        String next = "https://org.crm.dynamics.com/api/data/v9.2/accounts?$skiptoken=%3Ccookie%20pagenumber=%222%22/%3E";
        ChangedTrigger.Query following = query(
                "{\"entitySet\": \"accounts\", \"since\": \"2026-12-06T09:00:00Z\","
                        + " \"seen\": [\"5a1c0b38-9d31-ef11-8409-000d3a8f1d2c\"], \"next\": \"" + next
                        + "\"}");
        assertThat(following.target()).isEqualTo(next);
        assertThat(following.cursor().seen()).containsExactly("5a1c0b38-9d31-ef11-8409-000d3a8f1d2c");
        ChangedTrigger.Query fresh = query(
                "{\"entitySet\": \"accounts\", \"since\": \"2026-12-06T09:00:00Z\","
                        + " \"seen\": []}");
        assertThat(URLDecoder.decode(fresh.target(), StandardCharsets.UTF_8))
                .contains("modifiedon ge 2026-12-06T09:00:00Z and modifiedon lt 2026-12-06T09:58:00Z");
    }

    @Test
    void theSettleIsConfigurableAndAWrongOneIsRefusedNamingIt() throws Exception {
        String cursor = "{\"entitySet\": \"accounts\", \"since\": \"2026-12-06T09:00:00Z\", \"seen\": []}";
        ChangedTrigger.Query q = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"entitySet\": \"accounts\", \"settle\": \"30s\"}"), JSON.readTree(cursor), 2), NOW);
        assertThat(URLDecoder.decode(q.target(), StandardCharsets.UTF_8))
                .contains("modifiedon ge 2026-12-06T09:00:00Z and modifiedon lt 2026-12-06T09:59:30Z");
        assertThatThrownBy(() -> ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"entitySet\": \"accounts\", \"settle\": \"2 minutes\"}"), JSON.readTree(cursor), 2), NOW))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("dynamics.config");
                    assertThat(e.getMessage()).contains("'settle'", "'2 minutes'");
                });
    }

    @Test
    void aDamagedCursorIsRefusedNamingTheField() {
        assertThatThrownBy(() -> query("{\"entitySet\": \"accounts\", \"since\": \"2026-12-06T09:00:00Z\","
                + " \"seen\": [], \"next\": 2}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("dynamics.cursor");
                    assertThat(e.getMessage()).contains("dynamics.changed", "'next' must be a string");
                });
    }
}
