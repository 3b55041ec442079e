package dev.weft.connector.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cursor a deployed oracle.changed stored before the kit's cursor still reads; a damaged one is refused. */
class ChangedTriggerCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static ChangedTrigger.Query query(String cursor) throws Exception {
        return ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"resource\": \"invoices\"}"), JSON.readTree(cursor), 2), NOW);
    }

    @Test
    void aCursorStoredBeforeTheKitsCursorIsReadAsItWas() throws Exception {
        ChangedTrigger.Query q = query(
                "{\"resource\": \"invoices\", \"since\": \"2026-12-06T10:00:00.500+00:00\","
                        + " \"seen\": [\"300000123456789\"], \"offset\": 2}");
        assertThat(URLDecoder.decode(q.pathAndQuery(), StandardCharsets.UTF_8))
                .contains(
                        "q=LastUpdateDate>='2026-12-06T10:00:00.500+00:00';LastUpdateDate<'2026-12-06T09:55:00+00:00'",
                        "offset=2");
        assertThat(q.cursor().seen()).containsExactly("300000123456789");
    }

    @Test
    void theSettleIsConfigurableAndAWrongOneIsRefusedNamingIt() throws Exception {
        String cursor = "{\"resource\": \"invoices\", \"since\": \"2026-12-06T09:00:00+00:00\", \"seen\": []}";
        ChangedTrigger.Query q = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"resource\": \"invoices\", \"settle\": \"45s\"}"), JSON.readTree(cursor), 2), NOW);
        assertThat(URLDecoder.decode(q.pathAndQuery(), StandardCharsets.UTF_8))
                .contains(
                        "q=LastUpdateDate>='2026-12-06T09:00:00+00:00';LastUpdateDate<'2026-12-06T09:59:15+00:00'");
        assertThatThrownBy(() -> ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"resource\": \"invoices\", \"settle\": true}"), JSON.readTree(cursor), 2), NOW))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("oracle.config");
                    assertThat(e.getMessage()).contains("'settle'", "1m");
                });
    }

    @Test
    void aDamagedCursorIsRefusedNamingTheField() {
        assertThatThrownBy(
                () -> query("{\"resource\": \"invoices\", \"since\": \"2026-12-06 10:00\", \"seen\": []}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("oracle.cursor");
                    assertThat(e.getMessage()).contains("oracle.changed", "'since' must be an ISO-8601 time");
                });
    }
}
