package dev.weft.connector.sap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import dev.weft.connector.kit.odata.ODataVersion;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cursor a deployed sap.changed stored before the kit's cursor still reads; a damaged one is refused. */
class ChangedTriggerCursorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    static {
        // As the platform does: the connector's class first, whose declaration builds the trigger's.
        new SapConnector();
    }

    private static ChangedTrigger.Query query(String cursor) throws Exception {
        return ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"entitySet\": \"A_SalesOrder\", \"keys\": [\"SalesOrder\"]}"), JSON.readTree(cursor), 2),
                ODataVersion.V2, NOW);
    }

    @Test
    void aCursorStoredBeforeTheKitsCursorIsReadAsItWas() throws Exception {
        ChangedTrigger.Query q = query(
                "{\"entitySet\": \"A_SalesOrder\", \"since\": \"2026-12-06T09:00:00Z\","
                        + " \"seen\": [\"1\"], \"skip\": 2}");
        assertThat(URLDecoder.decode(q.path(), StandardCharsets.UTF_8))
                .contains(
                        "LastChangeDateTime ge datetimeoffset'2026-12-06T09:00:00Z' and LastChangeDateTime lt"
                                + " datetimeoffset'2026-12-06T09:55:00Z'",
                        "$skip=2");
        assertThat(q.cursor().seen()).containsExactly("1");
    }

    @Test
    void theSettleBoundsTheFilterInEachVersionsLiteralAndAWrongOneIsRefused() throws Exception {
        String cursor = "{\"entitySet\": \"A_SalesOrder\", \"since\": \"2026-12-06T09:00:00Z\", \"seen\": []}";
        ChangedTrigger.Query v4 = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"entitySet\": \"SalesOrder\", \"keys\": [\"SalesOrder\"], \"settle\": \"1m\"}"),
                JSON.readTree(cursor.replace("A_SalesOrder", "SalesOrder")), 2), ODataVersion.V4, NOW);
        assertThat(URLDecoder.decode(v4.path(), StandardCharsets.UTF_8))
                .contains(
                        "LastChangeDateTime ge 2026-12-06T09:00:00Z and LastChangeDateTime lt 2026-12-06T09:59:00Z");
        ChangedTrigger.Query dateTime = ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME,
                JSON.readTree(
                        "{\"entitySet\": \"A_SalesOrder\", \"keys\": [\"SalesOrder\"], \"propertyType\": \"DateTime\"}"),
                JSON.readTree(cursor), 2), ODataVersion.V2, NOW);
        assertThat(URLDecoder.decode(dateTime.path(), StandardCharsets.UTF_8)).contains(
                "LastChangeDateTime ge datetime'2026-12-06T09:00:00' and LastChangeDateTime lt datetime'2026-12-06T09:55:00'");
        assertThatThrownBy(() -> ChangedTrigger.query(new PollRequest(ChangedTrigger.NAME, JSON.readTree(
                "{\"entitySet\": \"A_SalesOrder\", \"keys\": [\"SalesOrder\"], \"settle\": \"-5m\"}"),
                JSON.readTree(cursor), 2), ODataVersion.V2, NOW))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("sap.config");
                    assertThat(e.getMessage()).contains("'settle'", "'-5m'");
                });
    }

    @Test
    void aDamagedCursorIsRefusedNamingTheField() {
        assertThatThrownBy(
                () -> query("{\"entitySet\": \"A_SalesOrder\", \"since\": \"2026-12-06T09:00:00Z\","
                        + " \"seen\": {\"1\": true}}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("sap.cursor");
                    assertThat(e.getMessage()).contains("sap.changed", "'seen' must be an array");
                });
    }
}
