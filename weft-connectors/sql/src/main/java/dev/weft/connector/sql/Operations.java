package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The operations of a SQL connector, each on one pooled connection: {@code query} in a read-only
 * transaction, {@code insert} and {@code upsert} as one batch that all lands or none does, {@code execute} a
 * list of statements that all commit or all roll back; the record operations for data sync are
 * {@link RecordReads} and {@link RecordWrites}. Stateless.
 */
final class Operations {
    static final int DEFAULT_MAX_ROWS = 1000;
    static final int MAX_ROWS = 100_000;
    static final int MAX_WRITE_ROWS = 10_000;
    static final int MAX_STATEMENTS = 100;
    /** Rows an {@code execute} statement may return (INSERT ... RETURNING, a SELECT among writes). */
    static final int EXECUTE_MAX_ROWS = 1000;
    /** PostgreSQL streams a read-only query's rows in pages this big instead of holding all at once. */
    private static final int FETCH_SIZE = 500;

    private Operations() {
    }

    static JsonNode invoke(Database db, String operation, Call call) throws ConnectorException {
        Dialect d = db.dialect();
        JsonNode input = call.input();
        if (!input.isObject()) {
            throw Inputs.invalid(d, operation, "input", "must be an object, but was " + Inputs.shown(input));
        }
        try (CallScope scope = new CallScope(d, operation, db.clock(), call.timeout(), call.cancellation())) {
            int[] statement = {-1};
            try {
                return switch (operation) {
                    case "query" -> query(db, input, scope);
                    case "insert" -> write(db, operation, input, scope, false);
                    case "upsert" -> write(db, operation, input, scope, true);
                    case "execute" -> execute(db, input, scope, statement);
                    case RecordReads.CHANGES -> RecordReads.changes(db, input, scope);
                    case RecordReads.LOOKUP -> RecordReads.lookup(db, input, scope);
                    case RecordWrites.WRITE -> RecordWrites.write(db, input, scope);
                    case RecordWrites.DELETE -> RecordWrites.delete(db, input, scope);
                    default -> throw ConnectorException.permanent(d.id() + ".operation", "the " + d.id()
                            + " connector has no operation '" + d.id() + "." + operation + "'", null, null);
                };
            } catch (SQLException e) {
                throw SqlErrors.of(db.config(), operation, e, scope, statement[0]);
            }
        }
    }

    private static JsonNode query(Database db, JsonNode input, CallScope scope)
            throws SQLException, ConnectorException {
        Dialect d = db.dialect();
        Statements sql = Statements.of(d, "query", input, "");
        int maxRows = Inputs.integer(d, "query", input, "maxRows", DEFAULT_MAX_ROWS, 1, MAX_ROWS);
        return db.readOnly(connection -> {
            try (PreparedStatement statement = sql.prepare(connection)) {
                // One more than wanted, to tell whether there were more.
                statement.setMaxRows(maxRows + 1);
                statement.setFetchSize(Math.min(maxRows + 1, FETCH_SIZE));
                scope.start(statement);
                if (!statement.execute()) {
                    throw Inputs.invalid(d, "query", "sql", "returns no rows (it is not a query): change"
                            + " data with " + d.id() + ".execute");
                }
                ObjectNode rows = sql.rows(statement.getResultSet(), maxRows);
                scope.finish();
                return rows;
            }
        });
    }

    /** A batch INSERT, or an upsert on {@code key}; all rows land in one transaction or none does. */
    private static JsonNode write(Database db, String operation, JsonNode input, CallScope scope,
            boolean upsert)
            throws SQLException, ConnectorException {
        Dialect d = db.dialect();
        String table = Identifiers.table(d, operation, "table", Inputs.text(d, operation, input, "table"));
        List<JsonNode> rows = Inputs.objects(d, operation, input, "rows", MAX_WRITE_ROWS);
        List<String> names = columns(d, operation, rows);
        List<String> quoted = new ArrayList<>();
        for (String name : names) {
            quoted.add(Identifiers.column(d, operation, "rows[0]." + name, name));
        }
        String sql;
        if (upsert) {
            List<String> key = Inputs.names(d, operation, input, "key");
            List<String> quotedKey = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                if (!names.contains(key.get(i))) {
                    throw Inputs.invalid(d, operation, "key[" + i + "]", "names column '" + key.get(i)
                            + "', which the rows do not have: every row must give its key columns");
                }
                quotedKey.add(Identifiers.column(d, operation, "key[" + i + "]", key.get(i)));
            }
            sql = d.upsert(table, quoted, quotedKey);
        } else {
            sql = "INSERT INTO " + table + " (" + String.join(", ", quoted) + ") VALUES ("
                    + String.join(", ", names.stream().map(n -> "?").toList()) + ")";
        }
        db.transaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (JsonNode row : rows) {
                    for (int i = 0; i < names.size(); i++) {
                        Parameters.bind(statement, i + 1, row.get(names.get(i)));
                    }
                    statement.addBatch();
                }
                scope.start(statement);
                statement.executeBatch();
                scope.finish();
            }
            return null;
        });
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put(upsert ? "upserted" : "inserted", rows.size());
        return out;
    }

    /** The first row's columns, which every row must have, no more and no fewer. */
    private static List<String> columns(Dialect d, String operation, List<JsonNode> rows)
            throws ConnectorException {
        Set<String> first = new LinkedHashSet<>();
        rows.get(0).properties().forEach(p -> first.add(p.getKey()));
        if (first.isEmpty()) {
            throw Inputs.invalid(d, operation, "rows[0]", "has no columns: give at least one column's value");
        }
        for (int i = 1; i < rows.size(); i++) {
            Set<String> these = new LinkedHashSet<>();
            rows.get(i).properties().forEach(p -> these.add(p.getKey()));
            if (!these.equals(first)) {
                throw Inputs.invalid(d, operation, "rows[" + i + "]", "has the columns " + these
                        + " but rows[0] has " + first + ": give every row the same columns (null for"
                        + " none)");
            }
        }
        return List.copyOf(first);
    }

    /** The statements in order in one transaction; the first failure rolls all of them back. */
    private static JsonNode execute(Database db, JsonNode input, CallScope scope, int[] current)
            throws SQLException, ConnectorException {
        Dialect d = db.dialect();
        List<JsonNode> entries = Inputs.objects(d, "execute", input, "statements", MAX_STATEMENTS);
        List<Statements> statements = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            statements.add(Statements.of(d, "execute", entries.get(i), "statements[" + i + "]."));
        }
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        db.transaction(connection -> {
            Iterator<Statements> each = statements.iterator();
            for (int i = 0; each.hasNext(); i++) {
                current[0] = i;
                try (PreparedStatement statement = each.next().prepare(connection)) {
                    statement.setMaxRows(EXECUTE_MAX_ROWS + 1);
                    scope.start(statement);
                    ObjectNode result = JsonNodeFactory.instance.objectNode();
                    if (statement.execute()) {
                        ObjectNode rows = statements.get(i).rows(statement.getResultSet(), EXECUTE_MAX_ROWS);
                        result.put("updateCount", rows.get("rowCount").intValue());
                        result.setAll(rows);
                    } else {
                        result.put("updateCount", Math.max(0, statement.getUpdateCount()));
                    }
                    scope.finish();
                    results.add(result);
                }
            }
            current[0] = -1; // a failed commit is the transaction's, not one statement's
            return null;
        });
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("results", results);
        return out;
    }
}
