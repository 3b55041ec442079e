package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The contract's calls for either database, on a table {@code (id BIGINT PRIMARY KEY, name NOT NULL)}
 * holding the row {@code (1, 'taken')}.
 */
final class ContractCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractCalls() {
    }

    static List<Call> succeeding(String id, String table) {
        long fresh = 1000 + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        return List.of(
                call(id, "query",
                        "{\"sql\": \"SELECT id, name FROM $T WHERE id = :id\", \"params\": {\"id\": 1}}",
                        table),
                call(id, "insert",
                        "{\"table\": \"$T\", \"rows\": [{\"id\": " + fresh + ", \"name\": \"new\"}]}", table),
                call(id, "upsert",
                        "{\"table\": \"$T\", \"key\": [\"id\"], \"rows\": [{\"id\": 1, \"name\": \"taken\"}]}",
                        table),
                call(id, "execute", "{\"statements\": [{\"sql\": \"UPDATE $T SET name = :name WHERE id = 1\","
                        + " \"params\": {\"name\": \"taken\"}}, {\"sql\": \"SELECT count(*) AS n FROM $T\"}]}",
                        table),
                call(id, "read_changes", "{\"table\": \"$T\", \"key\": [\"id\"], \"limit\": 10}", table),
                call(id, "lookup_records",
                        "{\"table\": \"$T\", \"fields\": [\"name\"], \"values\": [[\"taken\"]]}",
                        table),
                call(id, "write_records", "{\"table\": \"$T\", \"key\": [\"id\"], \"returning\": [\"name\"],"
                        + " \"records\": [{\"id\": 1, \"name\": \"taken\"}, {\"id\": 2, \"name\": null}]}",
                        table),
                call(id, "delete_records", "{\"table\": \"$T\", \"key\": [\"id\"], \"keys\": [[" + (fresh + 1)
                        + "]]}", table));
    }

    static List<Call> failing(String id, String table) {
        return List.of(call(id, "query", "{\"sql\": \"SELEC 1\"}", table),
                call(id, "query", "{\"sql\": \"SELECT * FROM weft_no_such_table\"}", table),
                call(id, "query", "{\"sql\": \"DELETE FROM $T\"}", table),
                call(id, "query", "{\"sql\": \"SELECT * FROM $T WHERE id = :id\"}", table),
                call(id, "insert", "{\"table\": \"$T\", \"rows\": [{\"id\": 1, \"name\": \"again\"}]}",
                        table),
                call(id, "insert", "{\"table\": \"$T; DROP TABLE $T\", \"rows\": [{\"id\": 2}]}", table),
                call(id, "upsert",
                        "{\"table\": \"$T\", \"key\": [\"id\"], \"rows\": [{\"id\": 3, \"name\": null}]}",
                        table),
                call(id, "execute", "{\"statements\": [{\"sql\": \"UPDATE $T SET name = 'x' WHERE id = 1\"},"
                        + " {\"sql\": \"UPDATE $T SET nope = 1\"}]}", table),
                call(id, "read_changes", "{\"table\": \"$T\", \"key\": [\"id\"], \"after\": {\"after\": 1}}",
                        table),
                call(id, "write_records",
                        "{\"table\": \"$T\", \"key\": [\"id\"], \"records\": [{\"name\": \"x\"}]}",
                        table),
                call(id, "delete_records",
                        "{\"table\": \"weft_no_such_table\", \"key\": [\"id\"], \"keys\": [[1]]}",
                        table));
    }

    private static Call call(String id, String operation, String input, String table) {
        try {
            String json = input.replace("$T", table);
            return new Call(id + "." + operation, JSON.readTree(json),
                    "contract:" + operation + ":" + json.hashCode(),
                    Duration.ofSeconds(10), new Cancellation());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
