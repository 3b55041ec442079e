package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rows} polling trigger: the rows whose (cursor column, key columns) come after the stored
 * position, in that order, so that each version of a row (each new cursor value) is one event whose id is
 * its key and cursor value. The next position is the last row's cursor value and key, not its cursor value
 * alone, so that rows sharing a cursor value across the end of a batch are neither skipped nor repeated.
 * Rows whose cursor or key columns are NULL are not returned. Stateless.
 */
final class RowsTrigger {
    static final int DEFAULT_BATCH_SIZE = 100;
    static final int MAX_BATCH_SIZE = 10_000;
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);
    private static final String OP = "rows";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The trigger's configuration, checked, its names quoted. */
    record Config(Dialect dialect, String table, String quotedTable, String cursorColumn,
            List<String> keyColumns,
            List<String> quotedPosition, String where, int batchSize) {

        Config {
            keyColumns = List.copyOf(keyColumns);
            quotedPosition = List.copyOf(quotedPosition);
        }

        static Config of(Dialect d, JsonNode config) throws ConnectorException {
            String table = Inputs.text(d, OP, config, "table");
            String quotedTable = Identifiers.table(d, OP, "table", table);
            String cursor = Inputs.text(d, OP, config, "cursorColumn");
            List<String> position = new ArrayList<>();
            position.add(Identifiers.column(d, OP, "cursorColumn", cursor));
            List<String> keys = Inputs.names(d, OP, config, "keyColumns");
            for (int i = 0; i < keys.size(); i++) {
                position.add(Identifiers.column(d, OP, "keyColumns[" + i + "]", keys.get(i)));
            }
            String where = Inputs.optionalText(d, OP, config, "where");
            if (where != null && !where.isBlank()) {
                NamedSql named = NamedSql.parse(d, OP, "where", where);
                named.requireCondition(d, OP, "where");
                where = named.sql();
            } else {
                where = null;
            }
            int batchSize = Inputs.integer(d, OP, config, "batchSize", DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE);
            return new Config(d, table, quotedTable, cursor, keys, position, where, batchSize);
        }

        /** The rows after a position (or from the start), in position order, one more than {@code limit}. */
        String select(boolean after, int limit) {
            return keyset().select(after, where, limit);
        }

        Keyset keyset() {
            return new Keyset(dialect, quotedTable, quotedPosition);
        }
    }

    private RowsTrigger() {
    }

    static PollResult poll(Database db, PollRequest request) throws ConnectorException {
        Dialect d = db.dialect();
        if (!request.trigger().equals(d.id() + "." + OP)) {
            throw ConnectorException.permanent(d.id() + ".trigger", "the " + d.id()
                    + " connector has no polling trigger '" + request.trigger() + "'", null, null);
        }
        Config config = Config.of(d, request.config());
        List<CursorValue> after = after(d, config, request.cursor());
        int limit = Math.min(config.batchSize(), request.max());
        String sql = config.select(after != null, limit);
        try (CallScope scope = new CallScope(d, OP, db.clock(), POLL_TIMEOUT, new Cancellation())) {
            try {
                return db.readOnly(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        if (after != null) {
                            config.keyset().bind(statement, after);
                        }
                        scope.start(statement);
                        try (ResultSet rs = statement.executeQuery()) {
                            return read(d, config, rs, limit, request.cursor());
                        }
                    }
                });
            } catch (SQLException e) {
                throw SqlErrors.of(db.config(), OP, e, scope, -1);
            }
        }
    }

    private static PollResult read(Dialect d, Config config, ResultSet rs, int limit, JsonNode previous)
            throws SQLException, ConnectorException {
        Columns columns = Columns.of(d, rs.getMetaData());
        int positions = config.quotedPosition().size();
        String duplicate = columns.duplicateLabel(positions + 1);
        if (duplicate != null) {
            throw Inputs.invalid(d, OP, "table", "has two columns named '" + duplicate + "'");
        }
        List<Event> events = new ArrayList<>();
        List<CursorValue> last = null;
        boolean more = false;
        while (rs.next()) {
            if (events.size() == limit) {
                more = true;
                break;
            }
            List<CursorValue> position = config.keyset().position(columns, rs);
            ArrayNode key = NODES.arrayNode();
            for (int i = 2; i <= positions; i++) {
                key.add(columns.value(rs, i));
            }
            ObjectNode data = NODES.objectNode();
            data.put("table", config.table());
            data.set("row", columns.object(rs, positions + 1));
            events.add(new Event(key + "@" + columns.value(rs, 1), data));
            last = position;
        }
        JsonNode next = last != null
                ? cursor(config, last)
                : previous == null ? NullNode.getInstance() : previous;
        return new PollResult(events, next, more);
    }

    /** The position a cursor holds, or null to start from the first row. */
    private static List<CursorValue> after(Dialect d, Config config, JsonNode cursor)
            throws ConnectorException {
        if (cursor == null || cursor.isNull()) {
            return null;
        }
        JsonNode values = cursor.path("after");
        if (!cursor.path("table").asText().equals(config.table())
                || !cursor.path("cursorColumn").asText().equals(config.cursorColumn())
                || !cursor.path("keyColumns").equals(NODES.arrayNode().addAll(
                        config.keyColumns().stream().map(NODES::textNode).toList()))) {
            throw ConnectorException.permanent(d.id() + ".cursor", d.id() + ".rows: the stored cursor is for"
                    + " table " + cursor.path("table") + ", cursorColumn " + cursor.path("cursorColumn")
                    + " and keyColumns " + cursor.path("keyColumns") + ", but the trigger now names table '"
                    + config.table() + "', cursorColumn '" + config.cursorColumn() + "' and keyColumns "
                    + config.keyColumns() + ": reset the trigger's cursor to start over", null, null);
        }
        List<CursorValue> position = config.keyset().fromJson(values);
        if (position == null) {
            throw ConnectorException.permanent(d.id() + ".cursor", d.id() + ".rows: the stored cursor "
                    + cursor + " is damaged: reset the trigger's cursor to start over", null, null);
        }
        return position;
    }

    private static JsonNode cursor(Config config, List<CursorValue> position) {
        ObjectNode cursor = NODES.objectNode();
        cursor.put("table", config.table());
        cursor.put("cursorColumn", config.cursorColumn());
        ArrayNode keys = cursor.putArray("keyColumns");
        config.keyColumns().forEach(keys::add);
        cursor.set("after", Keyset.toJson(position));
        return cursor;
    }
}
