package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code write_records} and {@code delete_records} against the subclass's real database: one result per
 * record, the good records of a batch written when the database refuses one, what the database filled in
 * read back, and deletes that tell whether a row was there.
 */
abstract class RecordWriteCases extends SqlCases {

    /** A primary key column the database numbers: BIGSERIAL, or BIGINT AUTO_INCREMENT. */
    protected abstract String serialKey();

    /** The test's table becomes {@code people}: a NOT NULL name and a named CHECK on qty. */
    private void people() throws SQLException {
        table = newTable("people",
                "(id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INT, note VARCHAR(100),"
                        + " CONSTRAINT qty_not_negative CHECK (qty >= 0))");
    }

    /** {"table": "$T", "key": ["id"], "records": [{"id": 0, "name": "n0", "qty": 0}, ...]} of {@code count}. */
    private ObjectNode hundred() {
        ObjectNode input = (ObjectNode) json("{\"table\": \"$T\", \"key\": [\"id\"]}");
        ArrayNode records = input.putArray("records");
        for (int i = 0; i < 100; i++) {
            records.addObject().put("id", i).put("name", "n" + i).put("qty", i);
        }
        return input;
    }

    private static List<JsonNode> failed(JsonNode results) {
        List<JsonNode> out = new ArrayList<>();
        results.forEach(r -> {
            if (!r.get("ok").booleanValue()) {
                out.add(r);
            }
        });
        return out;
    }

    @Test
    void aRecordBreakingNotNullIsAnsweredWithItsColumnAndTheOther99AreWritten() throws Exception {
        people();
        ObjectNode input = hundred();
        ((ObjectNode) input.get("records").get(57)).putNull("name");

        JsonNode results = invoke("write_records", input.toString()).get("results");

        assertThat(results).hasSize(100);
        assertThat(failed(results)).containsExactly(results.get(57));
        assertThat(results.get(57).get("code").asText()).isEqualTo(db().id() + ".constraint");
        assertThat(results.get(57).get("message").asText()).startsWith(db().id() + ".write_records violates")
                .contains("name");
        assertSameJson(results.get(0), json("{\"ok\": true}"));
        assertThat(count("1 = 1")).isEqualTo(99);
        assertThat(count("id = 57")).isZero();
    }

    @Test
    void aRecordBreakingACheckIsAnsweredWithTheConstraintsName() throws Exception {
        people();
        ObjectNode input = hundred();
        ((ObjectNode) input.get("records").get(3)).put("qty", -1);
        ((ObjectNode) input.get("records").get(98)).put("qty", -2);

        JsonNode results = invoke("write_records", input.toString()).get("results");

        assertThat(failed(results)).containsExactly(results.get(3), results.get(98));
        assertThat(results.get(3).get("message").asText()).contains("qty_not_negative");
        assertThat(count("1 = 1")).isEqualTo(98);
    }

    @Test
    void writingTheSameBatchTwiceLeavesTheSameRows() throws Exception {
        people();
        ObjectNode input = hundred();
        ((ObjectNode) input.get("records").get(5)).put("note", "five");

        JsonNode first = invoke("write_records", input.toString());
        JsonNode rowsOnce = invoke("query", "{\"sql\": \"SELECT * FROM $T ORDER BY id\", \"maxRows\": 1000}");
        JsonNode second = invoke("write_records", input.toString());
        JsonNode rowsTwice = invoke("query",
                "{\"sql\": \"SELECT * FROM $T ORDER BY id\", \"maxRows\": 1000}");

        assertSameJson(second, first);
        assertSameJson(rowsTwice, rowsOnce);
        assertThat(rowsOnce.get("rowCount").intValue()).isEqualTo(100);
    }

    @Test
    void recordsTooLargeForOneStatementTogetherAreAllWritten() throws Exception {
        table = newTable("documents", "(id INT PRIMARY KEY, body TEXT NOT NULL)");
        ObjectNode input = (ObjectNode) json("{\"table\": \"$T\", \"key\": [\"id\"]}");
        ArrayNode records = input.putArray("records");
        for (int i = 0; i < 300; i++) {
            records.addObject().put("id", i).put("body", Integer.toString(i).repeat(2000));
        }

        JsonNode results = invoke("write_records", input.toString()).get("results");

        assertThat(failed(results)).isEmpty();
        assertThat(count("1 = 1")).isEqualTo(300);
        assertThat(count("id = 299 AND body = '" + "299".repeat(2000) + "'")).isOne();
    }

    @Test
    void recordsGivingOtherColumnsUpdateOnlyThoseAndKeepTheirOrder() throws Exception {
        people();
        db().sql("INSERT INTO " + table + " (id, name, qty, note) VALUES (1, 'a', 5, 'kept')");

        JsonNode out = invoke("write_records", """
                {"table": "$T", "key": ["id"], "records": [
                  {"name": "b", "id": 1},
                  {"id": 2, "name": "c", "qty": 2, "note": "new"},
                  {"id": 3, "name": "d"}]}
                """);

        assertSameJson(out, json("{\"results\": [{\"ok\": true}, {\"ok\": true}, {\"ok\": true}]}"));
        assertSameJson(invoke("query", "{\"sql\": \"SELECT id, name, qty, note FROM $T ORDER BY id\"}")
                .get("rows"),
                json("""
                        [{"id": 1, "name": "b", "qty": 5, "note": "kept"}, {"id": 2, "name": "c", "qty": 2, "note": "new"},
                         {"id": 3, "name": "d", "qty": null, "note": null}]
                        """));
    }

    @Test
    void returningGivesTheIdTheDatabaseMadeForEachRecordWrittenByAnotherKey() throws Exception {
        table = newTable("accounts", "(id " + serialKey() + ", email VARCHAR(100) NOT NULL UNIQUE,"
                + " name VARCHAR(100) NOT NULL)");
        db().sql("INSERT INTO " + table + " (email, name) VALUES ('old@x.com', 'Old')");
        String write = """
                {"table": "$T", "key": ["email"], "returning": ["id", "name"], "records": [
                  {"email": "ada@x.com", "name": "Ada"}, {"email": "old@x.com", "name": "Old2"},
                  {"email": "bad@x.com", "name": null}, {"email": "ada@x.com", "name": "Ada"}]}
                """;

        JsonNode first = invoke("write_records", write).get("results");
        JsonNode again = invoke("write_records", write).get("results");

        JsonNode ids = invoke("query", "{\"sql\": \"SELECT id, email FROM $T ORDER BY id\"}").get("rows");
        assertThat(ids).hasSize(2);
        assertSameJson(first.get(0), json("{\"ok\": true, \"returned\": {\"id\": " + ids.get(1).get("id")
                + ", \"name\": \"Ada\"}}"));
        assertSameJson(first.get(1), json("{\"ok\": true, \"returned\": {\"id\": " + ids.get(0).get("id")
                + ", \"name\": \"Old2\"}}"));
        assertThat(first.get(2).get("ok").booleanValue()).isFalse();
        assertThat(first.get(2).has("returned")).isFalse();
        assertSameJson(first.get(3), first.get(0));
        for (int i : new int[]{0, 1, 3}) {
            assertSameJson(again.get(i), first.get(i));
        }
        assertThat(again.get(2).get("ok").booleanValue()).isFalse();
    }

    @Test
    void compositeKeysAreWrittenAndDeletedByEveryColumn() throws Exception {
        table = newTable("regions", "(region VARCHAR(10) NOT NULL, id INT NOT NULL, name VARCHAR(100),"
                + " PRIMARY KEY (region, id))");

        invoke("write_records", """
                {"table": "$T", "key": ["region", "id"], "records": [
                  {"region": "eu", "id": 1, "name": "a"}, {"region": "us", "id": 1, "name": "b"}]}
                """);
        JsonNode written = invoke("write_records", """
                {"table": "$T", "key": ["region", "id"], "returning": ["name"], "records": [
                  {"region": "eu", "id": 1, "name": "a2"}]}
                """);
        JsonNode deleted = invoke("delete_records", """
                {"table": "$T", "key": ["region", "id"], "keys": [["us", 1], ["us", 2], ["eu", 1]]}
                """);

        assertSameJson(written, json("{\"results\": [{\"ok\": true, \"returned\": {\"name\": \"a2\"}}]}"));
        assertSameJson(deleted,
                json("""
                        {"results": [{"ok": true, "deleted": true}, {"ok": true, "deleted": false}, {"ok": true, "deleted": true}]}
                        """));
        assertThat(count("1 = 1")).isZero();
    }

    @Test
    void deleteTellsWhichKeysHadARowAndAForeignKeyRefusalIsThatKeysFailure() throws Exception {
        people();
        db().sql("INSERT INTO " + table + " (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        String child = newTable("orders",
                "(id BIGINT PRIMARY KEY, person BIGINT REFERENCES " + table + " (id))");
        db().sql("INSERT INTO " + child + " VALUES (10, 2)");

        JsonNode out = invoke("delete_records", """
                {"table": "$T", "key": ["id"], "keys": [[1], [99], [2], [3], [1]]}
                """);

        JsonNode results = out.get("results");
        assertSameJson(results.get(0), json("{\"ok\": true, \"deleted\": true}"));
        assertSameJson(results.get(1), json("{\"ok\": true, \"deleted\": false}"));
        assertThat(results.get(2).get("ok").booleanValue()).isFalse();
        assertThat(results.get(2).get("code").asText()).isEqualTo(db().id() + ".constraint");
        assertSameJson(results.get(3), json("{\"ok\": true, \"deleted\": true}"));
        assertSameJson(results.get(4), json("{\"ok\": true, \"deleted\": false}"));
        assertThat(count("1 = 1")).isOne();
    }

    @Test
    void aRecordWithoutItsKeyIsRefusedByNameBeforeAnythingIsWritten() throws Exception {
        people();
        ObjectNode input = hundred();
        ((ObjectNode) input.get("records").get(3)).remove("id");
        ObjectNode nullKey = hundred();
        ((ObjectNode) nullKey.get("records").get(4)).putNull("id");

        ConnectorException missing = failure("write_records", input.toString());
        ConnectorException isNull = failure("write_records", nullKey.toString());
        ConnectorException badTuple = failure("delete_records", "{\"table\": \"$T\", \"key\": [\"id\"],"
                + " \"keys\": [[1], [1, 2]]}");

        assertThat(missing.code()).isEqualTo(db().id() + ".input");
        assertThat(missing.getMessage()).contains("'records[3]' lacks key column 'id'");
        assertThat(isNull.getMessage()).contains("'records[4].id' is null");
        assertThat(badTuple.getMessage()).contains("'keys[1]'", "1 value");
        assertThat(count("1 = 1")).isZero();
    }

    @Test
    void aMissingTableOrAnUnreachableServerFailsTheWholeCallNotEachRecord() throws Exception {
        ConnectorException noTable = failure("write_records", """
                {"table": "weft_no_such_table", "key": ["id"], "records": [{"id": 1}, {"id": 2}]}
                """);
        ConnectorException[] unreachable = new ConnectorException[1];
        try (SystemClient down = db().connector
                .open(db().system().withConfig(db().config().put("port", 1)))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> down.invoke(call("write_records",
                    "{\"table\": \"$T\", \"key\": [\"id\"], \"records\": [{\"id\": 1, \"name\": \"a\"}]}")))
                    .isInstanceOf(ConnectorException.class)
                    .satisfies(e -> unreachable[0] = (ConnectorException) e);
        }

        assertThat(noTable.code()).isEqualTo(db().id() + ".sql");
        assertThat(noTable.getMessage()).contains("weft_no_such_table");
        assertThat(unreachable[0].code()).isEqualTo(db().id() + ".unreachable");
        assertThat(unreachable[0].retryable()).isTrue();
    }
}
