package dev.weft.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cursor a deployed salesforce.changed stored before the kit's cursor still reads; a damaged one is refused. */
class ChangedTriggerCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    static {
        // As the platform does: the connector's class first, whose declaration builds the trigger's.
        new SalesforceConnector();
    }

    private static ChangedTrigger.Query query(String cursor) throws Exception {
        return query("{\"sobject\": \"Opportunity\"}", cursor);
    }

    private static ChangedTrigger.Query query(String config, String cursor) throws Exception {
        return ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(config),
                JSON.readTree(cursor), 2), NOW);
    }

    @Test
    void theQueryReadsOnlyTimesOlderThanTheSettleInWholeSeconds() throws Exception {
        String cursor = "{\"sobject\": \"Opportunity\", \"field\": \"LastModifiedDate\", \"since\":"
                + " \"2026-12-06T10:00:00Z\", \"seen\": []}";
        assertThat(query("{\"sobject\": \"Opportunity\", \"timestampField\": \"LastModifiedDate\","
                + " \"settle\": \"90s\"}", cursor).soql())
                .contains("WHERE LastModifiedDate >= 2026-12-06T10:00:00Z AND LastModifiedDate <"
                        + " 2026-12-06T11:58:30Z ORDER BY");
        assertThatThrownBy(() -> query("{\"sobject\": \"Opportunity\", \"settle\": \"a while\"}", cursor))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("salesforce.config");
                    assertThat(e.getMessage()).contains("'settle'", "1m", "'a while'");
                });
    }

    @Test
    void aCursorStoredBeforeTheKitsCursorIsReadAsItWas() throws Exception {
        ChangedTrigger.Query q = query(
                "{\"sobject\": \"Opportunity\", \"field\": \"SystemModstamp\", \"since\":"
                        + " \"2026-12-06T10:00:00Z\", \"seen\": [\"006RO00000OpPaAYAV\", \"006RO00000OpPbBYAV\"]}");
        assertThat(q.soql()).contains("(SystemModstamp > 2026-12-06T10:00:00Z OR (SystemModstamp ="
                + " 2026-12-06T10:00:00Z AND Id > '006RO00000OpPbBYAV')) AND SystemModstamp < 2026-12-06T11:58:00Z");
        assertThat(query("{\"sobject\": \"Opportunity\", \"since\": \"2026-12-06T10:00:00Z\", \"seen\": []}")
                .soql()).as("a cursor without the field it was made for starts afresh")
                .contains("SystemModstamp >= 2026-12-06T12:00:00Z");
    }

    @Test
    void aDamagedCursorIsRefusedAndNoIdOfItReachesTheSoql() {
        assertThatThrownBy(
                () -> query("{\"sobject\": \"Opportunity\", \"field\": \"SystemModstamp\", \"since\":"
                        + " \"2026-12-06T10:00:00Z\", \"seen\": [\"x' OR Name != '\"]}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("salesforce.cursor");
                    assertThat(e.getMessage()).contains("salesforce.changed",
                            "'seen' must hold Salesforce ids");
                });
        assertThatThrownBy(
                () -> query("{\"sobject\": \"Opportunity\", \"field\": \"SystemModstamp\", \"since\":"
                        + " \"yesterday\"}"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("'since' must be an ISO-8601 time"));
    }
}
