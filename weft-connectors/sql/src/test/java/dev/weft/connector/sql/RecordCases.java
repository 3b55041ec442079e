package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The record operations data sync calls, against the subclass's real database: pages of changes that skip
 * and repeat nothing, lookups by one and more fields, upserts with one result per record, and deletes.
 */
abstract class RecordCases extends SqlCases {

    /** A primary key column the database numbers: BIGSERIAL, or BIGINT AUTO_INCREMENT. */
    protected abstract String serialKey();

    /** Reads pages of {@code input} (without after) until the last, giving every record in order. */
    private List<JsonNode> readAll(String input, List<Boolean> mores) throws ConnectorException {
        List<JsonNode> records = new ArrayList<>();
        JsonNode after = null;
        for (int page = 0; page < 100; page++) {
            ObjectNode call = (ObjectNode) json(input);
            call.set("after", after);
            JsonNode out = invoke("read_changes", call.toString());
            out.get("records").forEach(records::add);
            mores.add(out.get("more").booleanValue());
            after = out.get("next");
            if (!out.get("more").booleanValue()) {
                break;
            }
        }
        return records;
    }

    private static List<Long> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.get("id").longValue()).toList();
    }

    @Test
    void pagesByCursorNeitherSkipNorRepeatRowsThatShareACursorValueAcrossPageEnds() throws Exception {
        // 2,500 rows in 25 groups of 100 sharing an updated_at, the groups' ids interleaved.
        String values = IntStream.rangeClosed(1, 2500)
                .mapToObj(id -> "(" + id + ", 'n" + id + "', " + id + ", '2024-05-01 10:" + String.format(
                        "%02d", id % 25) + ":00')")
                .collect(Collectors.joining(", "));
        db().sql("INSERT INTO " + table + " (id, name, qty, updated_at) VALUES " + values);
        List<Boolean> mores = new ArrayList<>();

        List<JsonNode> records = readAll("""
                {"table": "$T", "key": ["id"], "cursor": "updated_at", "limit": 333}
                """, mores);

        List<Long> expected = IntStream.rangeClosed(1, 2500).boxed()
                .sorted(Comparator.<Integer>comparingInt(id -> id % 25).thenComparingInt(id -> id))
                .map(Integer::longValue).toList();
        assertThat(ids(records)).hasSize(2500).containsExactlyElementsOf(expected);
        assertThat(mores).containsExactly(true, true, true, true, true, true, true, false);
        assertSameJson(records.get(0), json("""
                {"id": 25, "name": "n25", "qty": 25, "updated_at": "2024-05-01T10:00:00"}
                """));
    }

    @Test
    void theLastPagesNextReadsOnlyWhatChangedAfterItAndAnEmptyPageKeepsThePosition() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:01");
        insertItem(2, "b", "2024-05-01 10:00:02");
        JsonNode first = invoke("read_changes", """
                {"table": "$T", "key": ["id"], "cursor": "updated_at"}
                """);
        ObjectNode again = (ObjectNode) json(
                "{\"table\": \"$T\", \"key\": [\"id\"], \"cursor\": \"updated_at\"}");
        again.set("after", first.get("next"));

        JsonNode nothingNew = invoke("read_changes", again.toString());
        db().sql("UPDATE " + table + " SET name = 'a2', updated_at = '2024-05-01 11:00:00' WHERE id = 1");
        JsonNode changed = invoke("read_changes", again.toString());

        assertThat(ids(list(first.get("records")))).containsExactly(1L, 2L);
        assertThat(first.get("more").booleanValue()).isFalse();
        assertThat(nothingNew.get("records")).isEmpty();
        assertSameJson(nothingNew.get("next"), first.get("next"));
        assertThat(ids(list(changed.get("records")))).containsExactly(1L);
        assertThat(changed.at("/records/0/name").asText()).isEqualTo("a2");
    }

    @Test
    void anEmptyTableGivesANullNextAtTheStart() throws Exception {
        JsonNode out = invoke("read_changes",
                "{\"table\": \"$T\", \"key\": [\"id\"], \"cursor\": \"updated_at\"}");

        assertSameJson(out, json("{\"records\": [], \"next\": null, \"more\": false}"));
    }

    @Test
    void aFullScanReadsCompositeKeysInKeyOrderAndLeavesOutRowsWithANullCursor() throws Exception {
        table = newTable("regions", "(region VARCHAR(10) NOT NULL, id INT NOT NULL, version INT,"
                + " PRIMARY KEY (region, id))");
        db().sql(
                "INSERT INTO " + table + " VALUES ('us', 1, 1), ('eu', 2, NULL), ('eu', 10, 3), ('eu', 1, 2),"
                        + " ('us', 0, 4)");

        List<JsonNode> byKey = readAll("{\"table\": \"$T\", \"key\": [\"region\", \"id\"], \"limit\": 2}",
                new ArrayList<>());
        List<JsonNode> byVersion = readAll(
                "{\"table\": \"$T\", \"key\": [\"region\", \"id\"], \"cursor\": \"version\", \"limit\": 1}",
                new ArrayList<>());

        assertThat(byKey.stream().map(r -> r.get("region").asText() + r.get("id").asInt()).toList())
                .containsExactly("eu1", "eu2", "eu10", "us0", "us1");
        assertSameJson(byKey.get(1), json("{\"region\": \"eu\", \"id\": 2, \"version\": null}"));
        assertThat(byVersion.stream().map(r -> r.get("version").asInt()).toList()).containsExactly(1, 2, 3,
                4);
    }

    @Test
    void aDamagedPositionOrOneOfAnotherCursorIsRefusedNamingAfter() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:01");
        JsonNode next = invoke("read_changes",
                "{\"table\": \"$T\", \"key\": [\"id\"], \"cursor\": \"updated_at\"}")
                .get("next");
        ObjectNode otherCursor = (ObjectNode) json(
                "{\"table\": \"$T\", \"key\": [\"id\"], \"cursor\": \"qty\"}");
        otherCursor.set("after", next);
        ObjectNode damaged = (ObjectNode) json(
                "{\"table\": \"$T\", \"key\": [\"id\"], \"cursor\": \"updated_at\"}");
        damaged.set("after", next.deepCopy());
        ((ArrayNode) damaged.get("after").get("after")).remove(1);

        ConnectorException other = failure("read_changes", otherCursor.toString());
        ConnectorException broken = failure("read_changes", damaged.toString());

        assertThat(other.code()).isEqualTo(db().id() + ".input");
        assertThat(other.getMessage()).contains("'after'", "cursor \"updated_at\"", "cursor \"qty\"");
        assertThat(broken.code()).isEqualTo(db().id() + ".input");
        assertThat(broken.getMessage()).contains("'after'", "damaged");
        assertThat(broken.retryable()).isFalse();
    }

    @Test
    void lookupFindsRecordsByOneFieldOrByTwoAndANullMatchesNothing() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:01");
        insertItem(2, "b", "2024-05-01 10:00:02");
        insertItem(3, "b", "2024-05-01 10:00:03");

        JsonNode byName = invoke("lookup_records", """
                {"table": "$T", "fields": ["name"], "values": [["b"], ["zz"], [null], ["b"]]}
                """);
        JsonNode byNameAndQty = invoke("lookup_records",
                """
                        {"table": "$T", "fields": ["name", "qty"], "values": [["b", 3], ["a", 2], ["a", 1], ["a", null]]}
                        """);

        assertThat(ids(list(byName.get("records")))).containsExactlyInAnyOrder(2L, 3L);
        assertThat(ids(list(byNameAndQty.get("records")))).containsExactlyInAnyOrder(3L, 1L);
        assertThat(byName.get("records").get(0).properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("id", "name", "qty", "updated_at");
    }

    @Test
    void aLookupWithMoreValuesThanOneStatementTakesIsSentInParts() throws Exception {
        table = newTable("wide", "(a INT, b INT, c INT, d INT, e INT, f INT, g INT)");
        db().sql("INSERT INTO " + table + " VALUES (1, 1, 1, 1, 1, 1, 1), (9999, 1, 1, 1, 1, 1, 1)");
        ArrayNode values = JSON.createArrayNode();
        for (int i = 0; i < 10_000; i++) {
            ArrayNode tuple = values.addArray().add(i);
            for (int j = 0; j < 6; j++) {
                tuple.add(1);
            }
        }
        ObjectNode input = (ObjectNode) json(
                "{\"table\": \"$T\", \"fields\": [\"a\", \"b\", \"c\", \"d\", \"e\","
                        + " \"f\", \"g\"]}");
        input.set("values", values);

        JsonNode out = invoke("lookup_records", input.toString());

        assertThat(list(out.get("records")).stream().map(r -> r.get("a").asInt()).toList())
                .containsExactlyInAnyOrder(1, 9999);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
