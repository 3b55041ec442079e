package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyset paging over a table: its rows in the order of some columns (a cursor column and the key, or the
 * key alone), from after a position, where a position is those columns' values in the last row read. The
 * comparison is one row value, {@code (c, k1, k2) > (?, ?, ?)}, so that rows sharing a cursor value across
 * the end of a page are neither skipped nor repeated. MariaDB's optimizer reads a row-value comparison
 * of several columns with a full scan and a sort (10.11: EXPLAIN gives type ALL, Using filesort), so there
 * it is spelled out as {@code (c > ? OR (c = ? AND k1 > ?) OR ...)}, which it reads as a range of the index
 * on the columns. Rows with NULL in any of the columns are never returned: NULL has no place in the order.
 * The one place keyset SQL is built, for the {@code rows} trigger and {@code read_changes}. Immutable.
 *
 * @param quotedPosition the ordering columns, checked and quoted, the most significant first
 */
record Keyset(Dialect dialect, String quotedTable, List<String> quotedPosition) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    Keyset {
        quotedPosition = List.copyOf(quotedPosition);
    }

    /**
     * The position columns, then every column of the table, of the rows after a position (or from the first
     * row), in position order, at most one more than {@code limit} (to tell whether there are more).
     *
     * @param where an extra condition, already checked to be one, or null
     */
    String select(boolean after, String where, int limit) {
        String list = String.join(", ", quotedPosition);
        StringBuilder sql = new StringBuilder("SELECT ").append(list).append(", ").append(quotedTable)
                .append(".* FROM ").append(quotedTable).append(" WHERE ");
        sql.append(String.join(" AND ", quotedPosition.stream().map(c -> c + " IS NOT NULL").toList()));
        if (after && spelledOut()) {
            List<String> alternatives = new ArrayList<>();
            for (int k = 0; k < arity(); k++) {
                List<String> terms = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    terms.add(quotedPosition.get(j) + " = ?");
                }
                terms.add(quotedPosition.get(k) + " > ?");
                alternatives.add(k == 0 ? terms.get(0) : "(" + String.join(" AND ", terms) + ")");
            }
            sql.append(" AND (").append(String.join(" OR ", alternatives)).append(")");
        } else if (after) {
            sql.append(" AND (").append(list).append(") > (")
                    .append(String.join(", ", quotedPosition.stream().map(c -> "?").toList())).append(")");
        }
        if (where != null) {
            // On lines of its own, so that a -- comment at its end cannot swallow what follows.
            sql.append(" AND (\n").append(where).append("\n)");
        }
        return sql.append(" ORDER BY ").append(list).append(" LIMIT ").append(limit + 1).toString();
    }

    /** The number of position columns, which come first in {@link #select}'s rows. */
    int arity() {
        return quotedPosition.size();
    }

    /** The position of the current row of a {@link #select} result. */
    List<CursorValue> position(Columns columns, ResultSet rs) throws SQLException {
        List<CursorValue> position = new ArrayList<>();
        for (int i = 1; i <= arity(); i++) {
            position.add(CursorValue.read(columns, rs, i));
        }
        return position;
    }

    private boolean spelledOut() {
        return dialect == Dialect.MARIADB && arity() > 1;
    }

    /** Binds a position to {@link #select}'s placeholders. */
    void bind(PreparedStatement statement, List<CursorValue> position) throws SQLException {
        if (!spelledOut()) {
            for (int i = 0; i < position.size(); i++) {
                position.get(i).bind(statement, i + 1);
            }
            return;
        }
        int index = 1;
        for (int k = 0; k < arity(); k++) {
            for (int j = 0; j <= k; j++) {
                position.get(j).bind(statement, index++);
            }
        }
    }

    /** A position as stored: {@code [{"type": "timestamp", "value": "..."}, {"type": "integer", ...}]}. */
    static ArrayNode toJson(List<CursorValue> position) {
        ArrayNode values = NODES.arrayNode();
        position.forEach(v -> values.add(v.toJson()));
        return values;
    }

    /** A position stored by {@link #toJson}; null when it is damaged or not of this keyset's arity. */
    List<CursorValue> fromJson(JsonNode values) {
        if (values == null || !values.isArray() || values.size() != arity()) {
            return null;
        }
        List<CursorValue> position = new ArrayList<>();
        for (JsonNode v : values) {
            CursorValue value = CursorValue.fromJson(v);
            if (value == null) {
                return null;
            }
            position.add(value);
        }
        return position;
    }
}
