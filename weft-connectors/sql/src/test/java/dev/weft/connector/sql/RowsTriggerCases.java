package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code rows} trigger's guarantee against the subclass's real database: each version of a row is
 * one event with a stable id, whatever the batches, and a poll repeated from the same cursor (after a
 * crash, before the platform stored the next one) gives the same events again.
 */
abstract class RowsTriggerCases extends SqlCases {
    private static final String BY_UPDATED_AT = """
            {"table": "$T", "cursorColumn": "updated_at", "keyColumns": ["id"]}
            """;

    /** A timestamp with time zone: TIMESTAMPTZ on PostgreSQL, TIMESTAMP on MariaDB. */
    protected abstract String instantType();

    private PollResult poll(String config, JsonNode cursor, int max) throws ConnectorException {
        return client.poll(new PollRequest(db().id() + ".rows", json(config), cursor, max));
    }

    private static List<String> ids(PollResult result) {
        return result.events().stream().map(Event::id).toList();
    }

    @Test
    void newRowsComeOnceAndThenOnlyTheUpdatedVersion() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:01");
        insertItem(2, "b", "2024-05-01 10:00:02");
        insertItem(3, "c", "2024-05-01 10:00:03");

        PollResult first = poll(BY_UPDATED_AT, null, 100);
        PollResult nothingNew = poll(BY_UPDATED_AT, first.cursor(), 100);
        db().sql("UPDATE " + table + " SET name = 'b2', updated_at = '2024-05-01 11:00:00' WHERE id = 2");
        PollResult updated = poll(BY_UPDATED_AT, first.cursor(), 100);
        PollResult after = poll(BY_UPDATED_AT, updated.cursor(), 100);

        assertThat(ids(first)).containsExactly("[1]@\"2024-05-01T10:00:01\"", "[2]@\"2024-05-01T10:00:02\"",
                "[3]@\"2024-05-01T10:00:03\"");
        assertThat(first.more()).isFalse();
        assertSameJson(first.events().get(0).data(), json("""
                {"table": "$T", "row": {"id": 1, "name": "a", "qty": 1, "updated_at": "2024-05-01T10:00:01"}}
                """));
        assertThat(nothingNew.events()).isEmpty();
        assertThat(nothingNew.cursor()).isEqualTo(first.cursor());
        assertThat(ids(updated)).containsExactly("[2]@\"2024-05-01T11:00:00\"");
        assertThat(updated.events().get(0).data().at("/row/name").asText()).isEqualTo("b2");
        assertThat(after.events()).isEmpty();
    }

    @Test
    void aPollRepeatedFromTheSameCursorReturnsTheSameEvents() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:01");
        PollResult first = poll(BY_UPDATED_AT, null, 100);
        insertItem(2, "b", "2024-05-01 10:00:02");
        insertItem(3, "c", "2024-05-01 10:00:03");

        PollResult once = poll(BY_UPDATED_AT, first.cursor(), 100);
        PollResult again = poll(BY_UPDATED_AT, first.cursor(), 100);

        assertThat(again.events()).isEqualTo(once.events());
        assertThat(again.cursor()).isEqualTo(once.cursor());
        assertThat(ids(once)).containsExactly("[2]@\"2024-05-01T10:00:02\"", "[3]@\"2024-05-01T10:00:03\"");
    }

    @Test
    void rowsSharingACursorValueAcrossBatchesAreNeitherLostNorRepeated() throws Exception {
        insertItem(9, "early", "2024-05-01 09:00:00");
        for (long id : new long[]{5, 3, 1, 4, 2}) {
            insertItem(id, "same", "2024-05-01 10:00:00");
        }
        String inTwos = BY_UPDATED_AT.replace("}", ", \"batchSize\": 2}");

        List<String> seen = new ArrayList<>();
        List<Boolean> more = new ArrayList<>();
        JsonNode cursor = null;
        for (int polls = 0; polls < 10; polls++) {
            PollResult result = poll(inTwos, cursor, 100);
            seen.addAll(ids(result));
            more.add(result.more());
            cursor = result.cursor();
            if (!result.more()) {
                break;
            }
        }

        assertThat(seen).containsExactly("[9]@\"2024-05-01T09:00:00\"", "[1]@\"2024-05-01T10:00:00\"",
                "[2]@\"2024-05-01T10:00:00\"", "[3]@\"2024-05-01T10:00:00\"", "[4]@\"2024-05-01T10:00:00\"",
                "[5]@\"2024-05-01T10:00:00\"");
        assertThat(more).containsExactly(true, true, false);
    }

    @Test
    void thePlatformsMaximumLimitsABatchToo() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:01");
        insertItem(2, "b", "2024-05-01 10:00:02");

        PollResult one = poll(BY_UPDATED_AT, null, 1);

        assertThat(ids(one)).containsExactly("[1]@\"2024-05-01T10:00:01\"");
        assertThat(one.more()).isTrue();
    }

    @Test
    void instantCursorsKeepTheirMicrosecondsAndCompositeKeysOrderRowsOfOneInstant() throws Exception {
        table = newTable("events", "(region VARCHAR(10) NOT NULL, id INT NOT NULL, changed " + instantType()
                + ", PRIMARY KEY (region, id))");
        db().sql("INSERT INTO " + table + " VALUES ('eu', 2, '2024-05-01 10:00:00.000001'),"
                + " ('eu', 1, '2024-05-01 10:00:00.000001'), ('us', 1, '2024-05-01 10:00:00.000001'),"
                + " ('eu', 3, '2024-05-01 10:00:00.000002')");
        String config = """
                {"table": "$T", "cursorColumn": "changed", "keyColumns": ["region", "id"], "batchSize": 1}
                """;

        List<String> seen = new ArrayList<>();
        JsonNode cursor = null;
        for (int polls = 0; polls < 6; polls++) {
            PollResult result = poll(config, cursor, 100);
            seen.addAll(ids(result));
            cursor = result.cursor();
        }

        assertThat(seen).containsExactly("[\"eu\",1]@\"2024-05-01T10:00:00.000001Z\"",
                "[\"eu\",2]@\"2024-05-01T10:00:00.000001Z\"", "[\"us\",1]@\"2024-05-01T10:00:00.000001Z\"",
                "[\"eu\",3]@\"2024-05-01T10:00:00.000002Z\"");
    }

    @Test
    void aVersionNumberWorksAsTheCursorAndWhereFiltersTheRows() throws Exception {
        table = newTable("orders", "(id INT PRIMARY KEY, version BIGINT NOT NULL, status VARCHAR(10))");
        db().sql("INSERT INTO " + table + " VALUES (1, 1, 'paid'), (2, 2, 'draft'), (3, 3, 'paid')");
        String config = """
                {"table": "$T", "cursorColumn": "version", "keyColumns": ["id"], "where": "status <> 'draft' -- not yet"}
                """;

        PollResult first = poll(config, null, 100);
        db().sql("UPDATE " + table + " SET status = 'paid', version = 4 WHERE id = 2");
        PollResult second = poll(config, first.cursor(), 100);

        assertThat(ids(first)).containsExactly("[1]@1", "[3]@3");
        assertThat(ids(second)).containsExactly("[2]@4");
    }

    @Test
    void aCursorStoredForAnotherConfigurationIsRefused() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:01");
        JsonNode cursor = poll(BY_UPDATED_AT, null, 100).cursor();

        assertThatThrownBy(
                () -> poll("{\"table\": \"$T\", \"cursorColumn\": \"qty\", \"keyColumns\": [\"id\"]}",
                        cursor, 100))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("reset the trigger's cursor")
                .satisfies(e -> assertThat(((ConnectorException) e).code()).isEqualTo(db().id() + ".cursor"));
    }

    @Test
    void aWhereThatIsNotOneConditionIsRefusedBeforeAnySqlRuns() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:01");

        assertThatThrownBy(() -> poll(
                """
                        {"table": "$T", "cursorColumn": "updated_at", "keyColumns": ["id"], "where": "1 = 1); DELETE FROM $T; --"}
                        """,
                null, 100)).isInstanceOf(ConnectorException.class).hasMessageContaining("'where'");
        assertThat(count("1 = 1")).isOne();
    }
}
