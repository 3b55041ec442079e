package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the four record operations (read_changes, lookup_records, write_records, delete_records) share:
 * their limits, how they read table and column names, and the SQL that matches rows by tuples of column
 * values. Stateless.
 */
final class Records {
    static final int MAX_KEY_COLUMNS = 8;
    static final int MAX_RECORDS = 10_000;
    /**
     * The most placeholders one statement gets: PostgreSQL's protocol caps a statement at 65,535 bind
     * parameters (and MariaDB a server-side prepared one), so longer lists are sent as several statements.
     */
    static final int MAX_PARAMETERS = 65_535;
    static final int MAX_POSTGRES_ROW_TUPLES = 1000;

    private Records() {
    }

    /** The input's {@code table}, checked and quoted. */
    static String table(Dialect d, String operation, JsonNode input) throws ConnectorException {
        return Identifiers.table(d, operation, "table", Inputs.text(d, operation, input, "table"));
    }

    /** Column names from the input's {@code field}, each checked and quoted, named {@code field[i]} in errors. */
    static List<String> quoted(Dialect d, String operation, String field, List<String> names)
            throws ConnectorException {
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            quoted.add(Identifiers.column(d, operation, field + "[" + i + "]", names.get(i)));
        }
        return quoted;
    }

    /** {@code c IN (?, ?)} for one column, {@code (c1, c2) IN ((?, ?), (?, ?))} for more. */
    static String in(List<String> quotedColumns, int tuples) {
        int arity = quotedColumns.size();
        String one = arity == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(arity, "?")) + ")";
        String columns = arity == 1 ? quotedColumns.get(0) : "(" + String.join(", ", quotedColumns) + ")";
        return columns + " IN (" + String.join(", ", Collections.nCopies(tuples, one)) + ")";
    }

    /** {@code c1 = ? AND c2 = ?}. */
    static String equal(List<String> quotedColumns) {
        return String.join(" AND ", quotedColumns.stream().map(c -> c + " = ?").toList());
    }

    /**
     * {@code all} cut into lists of at most as many tuples of {@code arity} values as one statement takes.
     * PostgreSQL plans {@code (c1, c2) IN (...)} as a chain of ORs, in time that grows faster than the list
     * (measured: 7 columns, 1,000 tuples 55 ms, 4,000 tuples 3 s, 8,000 past its stack depth), so there
     * lists of more than one column are cut at {@value #MAX_POSTGRES_ROW_TUPLES} tuples.
     */
    static <T> List<List<T>> chunks(Dialect d, List<T> all, int arity) {
        int size = Math.max(1, MAX_PARAMETERS / arity);
        if (d == Dialect.POSTGRES && arity > 1) {
            size = Math.min(size, MAX_POSTGRES_ROW_TUPLES);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            chunks.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return chunks;
    }

    /**
     * A tuple of values as a map key that equates what the database would: numbers by value (an int column
     * read back as 7 matches 7.0 given), the rest as they are. Values the database equates otherwise (text
     * under a case-insensitive collation) are not equal here; callers look those up one by one.
     */
    static List<Object> identity(List<JsonNode> values) {
        List<Object> key = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            if (v.isNumber()) {
                BigDecimal d = v.decimalValue();
                key.add(d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros());
            } else {
                key.add(v);
            }
        }
        return key;
    }
}
