package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The writing record operations, one result per record ({@link RecordBatches}): {@code write_records}
 * upserts records by a key ({@link Dialect#upsert}), records of one column set as one JDBC batch (on MariaDB
 * as multi-row statements), and reads back columns the database filled in; {@code delete_records} deletes
 * rows by key and tells which existed. Stateless.
 */
final class RecordWrites {
    static final String WRITE = "write_records";
    static final String DELETE = "delete_records";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Rows per MariaDB upsert statement. Its driver sends a batch of {@code INSERT ... ON DUPLICATE KEY
     * UPDATE} as one statement per row (its bulk protocol takes plain inserts only): measured on this
     * machine, 13,000-22,000 rows/s batched against 70,000-87,000 rows/s as multi-row statements of 100 or
     * 1,000 rows. 100 keeps a statement of wide records well under the server's max_allowed_packet.
     */
    static final int MARIADB_ROWS_PER_UPSERT = 100;

    /** The records that give the same columns, written by one statement ({@code sql} of a given row count). */
    private record Group(List<String> names, IntFunction<String> sql) {
    }

    private RecordWrites() {
    }

    static JsonNode write(Database db, JsonNode input, CallScope scope)
            throws SQLException, ConnectorException {
        Dialect d = db.dialect();
        String table = Records.table(d, WRITE, input);
        List<String> key = Inputs.names(d, WRITE, input, "key", Records.MAX_KEY_COLUMNS);
        List<String> quotedKey = Records.quoted(d, WRITE, "key", key);
        List<JsonNode> records = Inputs.objects(d, WRITE, input, "records", Records.MAX_RECORDS);
        List<String> quotedReturning = input.hasNonNull("returning")
                ? Records.quoted(d, WRITE, "returning", Inputs.names(d, WRITE, input, "returning"))
                : null;
        Map<List<String>, Integer> groupIds = new LinkedHashMap<>();
        List<Group> groups = new ArrayList<>();
        int[] groupOf = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            for (String k : key) {
                if (!record.has(k)) {
                    throw Inputs.invalid(d, WRITE, "records[" + i + "]", "lacks key column '" + k
                            + "': every record gives a value for each column of 'key'");
                }
                if (record.get(k).isNull()) {
                    throw Inputs.invalid(d, WRITE, "records[" + i + "]." + k, "is null: a key column needs a"
                            + " value (NULL matches no row, so the record would be inserted again each time)");
                }
            }
            // Sorted, so that records giving the same columns in another order share a statement.
            TreeSet<String> sorted = new TreeSet<>();
            record.properties().forEach(p -> sorted.add(p.getKey()));
            List<String> names = List.copyOf(sorted);
            Integer group = groupIds.get(names);
            if (group == null) {
                List<String> quoted = new ArrayList<>();
                for (String name : names) {
                    quoted.add(Identifiers.column(d, WRITE, "records[" + i + "]." + name, name));
                }
                group = groups.size();
                groupIds.put(names, group);
                groups.add(new Group(names, rows -> d.upsert(table, quoted, quotedKey, rows)));
            }
            groupOf[i] = group;
        }
        ArrayNode results = RecordBatches.run(db, WRITE, scope, records.size(), (connection, ids, out) -> {
            List<List<Integer>> members = new ArrayList<>();
            groups.forEach(g -> members.add(new ArrayList<>()));
            ids.forEach(i -> members.get(groupOf[i]).add(i));
            for (int g = 0; g < groups.size(); g++) {
                if (!members.get(g).isEmpty()) {
                    if (d == Dialect.MARIADB) {
                        upsertRows(connection, scope, groups.get(g), records, members.get(g));
                    } else {
                        upsert(connection, scope, groups.get(g), records, members.get(g));
                    }
                }
            }
            ids.forEach(i -> out[i] = RecordBatches.ok());
            if (quotedReturning != null) {
                returning(d, connection, scope, table, key, quotedKey, quotedReturning, records, ids, out);
            }
        });
        ObjectNode out = NODES.objectNode();
        out.set("results", results);
        return out;
    }

    private static void upsert(Connection connection, CallScope scope, Group group, List<JsonNode> records,
            List<Integer> ids) throws SQLException, ConnectorException {
        try (PreparedStatement statement = connection.prepareStatement(group.sql().apply(1))) {
            for (int i : ids) {
                JsonNode record = records.get(i);
                for (int c = 0; c < group.names().size(); c++) {
                    Parameters.bind(statement, c + 1, record.get(group.names().get(c)));
                }
                statement.addBatch();
            }
            scope.start(statement);
            statement.executeBatch();
            scope.finish();
        }
    }

    /**
     * Upserts as multi-row statements of up to {@link #MARIADB_ROWS_PER_UPSERT} rows. A row the database
     * refuses fails its statement, so the transaction, as a refused row of a batch does: {@link RecordBatches}
     * then narrows it down to that record alike. Rows later in a statement see the earlier ones, as later
     * statements of a batch do, so two records of one key end as the last one.
     */
    private static void upsertRows(Connection connection, CallScope scope, Group group,
            List<JsonNode> records,
            List<Integer> ids) throws SQLException, ConnectorException {
        int columns = group.names().size();
        int perStatement = Math.max(1, Math.min(MARIADB_ROWS_PER_UPSERT, Records.MAX_PARAMETERS / columns));
        for (int from = 0; from < ids.size(); from += perStatement) {
            List<Integer> chunk = ids.subList(from, Math.min(ids.size(), from + perStatement));
            try (PreparedStatement statement = connection.prepareStatement(group.sql().apply(chunk.size()))) {
                int index = 1;
                for (int i : chunk) {
                    JsonNode record = records.get(i);
                    for (String name : group.names()) {
                        Parameters.bind(statement, index++, record.get(name));
                    }
                }
                scope.start(statement);
                statement.executeUpdate();
                scope.finish();
            }
        }
    }

    /**
     * Reads the returning columns of the written records by their key, in the writes' transaction, and
     * attaches them. A key that the set-wise read does not give back as written (text under a
     * case-insensitive collation, a number given as a string) is read alone, the database comparing.
     */
    private static void returning(Dialect d, Connection connection, CallScope scope, String table,
            List<String> key, List<String> quotedKey, List<String> quotedReturning, List<JsonNode> records,
            List<Integer> ids, ObjectNode[] out) throws SQLException, ConnectorException {
        Map<List<Object>, List<Integer>> byKey = new LinkedHashMap<>();
        Map<List<Object>, List<JsonNode>> keyValues = new HashMap<>();
        for (int i : ids) {
            List<JsonNode> values = key.stream().map(k -> records.get(i).get(k)).toList();
            List<Object> identity = Records.identity(values);
            byKey.computeIfAbsent(identity, k -> new ArrayList<>()).add(i);
            keyValues.putIfAbsent(identity, values);
        }
        String select = "SELECT " + String.join(", ", quotedKey) + ", " + String.join(", ", quotedReturning)
                + " FROM " + table + " WHERE ";
        for (List<List<Object>> chunk : Records.chunks(d, List.copyOf(byKey.keySet()), key.size())) {
            try (PreparedStatement statement = connection.prepareStatement(select + Records.in(quotedKey,
                    chunk.size()))) {
                int index = 1;
                for (List<Object> identity : chunk) {
                    for (JsonNode value : keyValues.get(identity)) {
                        Parameters.bind(statement, index++, value);
                    }
                }
                scope.start(statement);
                try (ResultSet rs = statement.executeQuery()) {
                    Columns columns = Columns.of(d, rs.getMetaData());
                    while (rs.next()) {
                        List<JsonNode> read = new ArrayList<>();
                        for (int c = 1; c <= key.size(); c++) {
                            read.add(columns.value(rs, c));
                        }
                        List<Integer> matched = byKey.remove(Records.identity(read));
                        if (matched != null) {
                            ObjectNode returned = columns.object(rs, key.size() + 1);
                            matched.forEach(i -> out[i].set("returned", returned));
                        }
                    }
                }
                scope.finish();
            }
        }
        String one = "SELECT " + String.join(", ", quotedReturning) + " FROM " + table + " WHERE "
                + Records.equal(quotedKey);
        for (Map.Entry<List<Object>, List<Integer>> left : byKey.entrySet()) {
            try (PreparedStatement statement = connection.prepareStatement(one)) {
                Parameters.bind(statement, keyValues.get(left.getKey()));
                scope.start(statement);
                try (ResultSet rs = statement.executeQuery()) {
                    // None when MariaDB updated the row of another unique key than the one given.
                    JsonNode returned = rs.next()
                            ? Columns.of(d, rs.getMetaData()).object(rs, 1)
                            : NODES.nullNode();
                    left.getValue().forEach(i -> out[i].set("returned", returned));
                }
                scope.finish();
            }
        }
    }

    static JsonNode delete(Database db, JsonNode input, CallScope scope)
            throws SQLException, ConnectorException {
        Dialect d = db.dialect();
        String table = Records.table(d, DELETE, input);
        List<String> key = Inputs.names(d, DELETE, input, "key", Records.MAX_KEY_COLUMNS);
        List<String> quotedKey = Records.quoted(d, DELETE, "key", key);
        List<List<JsonNode>> keys = Inputs.tuples(d, DELETE, input, "keys", key.size(), Records.MAX_RECORDS,
                "column of 'key'");
        for (int i = 0; i < keys.size(); i++) {
            for (int j = 0; j < key.size(); j++) {
                if (keys.get(i).get(j).isNull()) {
                    throw Inputs.invalid(d, DELETE, "keys[" + i + "][" + j + "]",
                            "is null: a key column needs"
                                    + " a value (NULL matches no row)");
                }
            }
        }
        String sql = "DELETE FROM " + table + " WHERE " + Records.equal(quotedKey);
        ArrayNode results = RecordBatches.run(db, DELETE, scope, keys.size(), (connection, ids, out) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i : ids) {
                    Parameters.bind(statement, keys.get(i));
                    statement.addBatch();
                }
                scope.start(statement);
                int[] counts = statement.executeBatch();
                scope.finish();
                for (int n = 0; n < ids.size(); n++) {
                    // Both drivers count each DELETE of a batch (neither rewrites nor bulk-sends them).
                    out[ids.get(n)] = RecordBatches.ok().put("deleted", counts[n] > 0);
                }
            }
        });
        ObjectNode out = NODES.objectNode();
        out.set("results", results);
        return out;
    }
}
