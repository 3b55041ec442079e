package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The reading record operations, each in a read-only transaction: {@code read_changes}, one page of a
 * table's records in (cursor, key) order after a position, and {@code lookup_records}, the records whose
 * columns equal one of some tuples. Records are read as {@code query} reads rows ({@link Columns}).
 * Stateless.
 */
final class RecordReads {
    static final String CHANGES = "read_changes";
    static final String LOOKUP = "lookup_records";
    static final int DEFAULT_PAGE = 1000;
    static final int MAX_PAGE = 10_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordReads() {
    }

    /**
     * A page of records after {@code after}, and the position of its last one as {@code next}: {@code
     * {"cursor": "updated_at", "key": ["id"], "after": [<CursorValue>, ...]}}, naming the columns so that a
     * position is never applied to other columns than it was read from.
     */
    static JsonNode changes(Database db, JsonNode input, CallScope scope)
            throws SQLException, ConnectorException {
        Dialect d = db.dialect();
        String table = Records.table(d, CHANGES, input);
        List<String> key = Inputs.names(d, CHANGES, input, "key", Records.MAX_KEY_COLUMNS);
        String cursor = input.hasNonNull("cursor") ? Inputs.text(d, CHANGES, input, "cursor") : null;
        List<String> position = new ArrayList<>();
        if (cursor != null) {
            position.add(Identifiers.column(d, CHANGES, "cursor", cursor));
        }
        position.addAll(Records.quoted(d, CHANGES, "key", key));
        int limit = Inputs.integer(d, CHANGES, input, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        Keyset keyset = new Keyset(d, table, position);
        JsonNode given = input.hasNonNull("after") ? input.get("after") : null;
        List<CursorValue> after = given == null ? null : after(d, keyset, cursor, key, given);
        String sql = keyset.select(after != null, null, limit);
        return db.readOnly(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (after != null) {
                    keyset.bind(statement, after);
                }
                scope.start(statement);
                try (ResultSet rs = statement.executeQuery()) {
                    ObjectNode page = page(d, keyset, rs, limit, cursor, key, given);
                    scope.finish();
                    return page;
                }
            }
        });
    }

    private static ObjectNode page(Dialect d, Keyset keyset, ResultSet rs, int limit, String cursor,
            List<String> key, JsonNode given) throws SQLException, ConnectorException {
        Columns columns = Columns.of(d, rs.getMetaData());
        String duplicate = columns.duplicateLabel(keyset.arity() + 1);
        if (duplicate != null) {
            throw Inputs.invalid(d, CHANGES, "table", "has two columns named '" + duplicate + "'");
        }
        ArrayNode records = NODES.arrayNode();
        List<CursorValue> last = null;
        boolean more = false;
        while (rs.next()) {
            if (records.size() == limit) {
                more = true;
                break;
            }
            last = keyset.position(columns, rs);
            records.add(columns.object(rs, keyset.arity() + 1));
        }
        ObjectNode page = NODES.objectNode();
        page.set("records", records);
        page.set("next",
                last != null ? position(cursor, key, last) : given == null ? NODES.nullNode() : given);
        page.put("more", more);
        return page;
    }

    private static ObjectNode position(String cursor, List<String> key, List<CursorValue> values) {
        ObjectNode position = NODES.objectNode();
        position.put("cursor", cursor);
        ArrayNode keys = position.putArray("key");
        key.forEach(keys::add);
        position.set("after", Keyset.toJson(values));
        return position;
    }

    /** The position {@code given} holds, which must be one this operation gave for the same columns. */
    private static List<CursorValue> after(Dialect d, Keyset keyset, String cursor, List<String> key,
            JsonNode given) throws ConnectorException {
        List<CursorValue> values = given.isObject() ? keyset.fromJson(given.get("after")) : null;
        if (values == null || !given.has("cursor") || !given.has("key")) {
            throw Inputs.invalid(d, CHANGES, "after", "is not a position that " + d.id() + "." + CHANGES
                    + " gave for " + keyset.arity() + " column" + (keyset.arity() == 1 ? "" : "s")
                    + " (it is damaged, or of another cursor and key): give the 'next' of the previous page,"
                    + " or null to read from the start");
        }
        ObjectNode expected = position(cursor, key, List.of());
        if (!given.get("cursor").equals(expected.get("cursor"))
                || !given.get("key").equals(expected.get("key"))) {
            throw Inputs.invalid(d, CHANGES, "after", "is a position for cursor " + given.get("cursor")
                    + " and key " + given.get("key") + ", but this call names cursor "
                    + expected.get("cursor")
                    + " and key " + expected.get("key") + ": give null to read from the start");
        }
        return values;
    }

    /** Every record whose {@code fields} equal one of the tuples of {@code values}, in no particular order. */
    static JsonNode lookup(Database db, JsonNode input, CallScope scope)
            throws SQLException, ConnectorException {
        Dialect d = db.dialect();
        String table = Records.table(d, LOOKUP, input);
        List<String> fields = Inputs.names(d, LOOKUP, input, "fields", Records.MAX_KEY_COLUMNS);
        List<String> quoted = Records.quoted(d, LOOKUP, "fields", fields);
        // A NULL equals nothing, so a tuple holding one matches no record; repeats are asked once.
        Set<List<JsonNode>> distinct = new LinkedHashSet<>();
        for (List<JsonNode> tuple : Inputs.tuples(d, LOOKUP, input, "values", fields.size(),
                Records.MAX_RECORDS, "field")) {
            if (tuple.stream().noneMatch(JsonNode::isNull)) {
                distinct.add(tuple);
            }
        }
        ArrayNode records = NODES.arrayNode();
        ObjectNode out = NODES.objectNode();
        out.set("records", records);
        if (distinct.isEmpty()) {
            return out;
        }
        List<List<List<JsonNode>>> chunks = Records.chunks(d, List.copyOf(distinct), fields.size());
        return db.readOnly(connection -> {
            for (List<List<JsonNode>> chunk : chunks) {
                String sql = "SELECT * FROM " + table + " WHERE " + Records.in(quoted, chunk.size());
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int index = 1;
                    for (List<JsonNode> tuple : chunk) {
                        for (JsonNode value : tuple) {
                            Parameters.bind(statement, index++, value);
                        }
                    }
                    scope.start(statement);
                    try (ResultSet rs = statement.executeQuery()) {
                        Columns columns = Columns.of(d, rs.getMetaData());
                        while (rs.next()) {
                            records.add(columns.object(rs, 1));
                        }
                    }
                    scope.finish();
                }
            }
            return out;
        });
    }
}
