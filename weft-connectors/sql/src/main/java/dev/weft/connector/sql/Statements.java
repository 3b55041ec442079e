package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * One statement of a call, from its {@code sql} and {@code params} to rows: the text lexed for
 * {@code :name} parameters, one statement per text, values bound, rows read into
 * {@code {rows, rowCount, truncated}}. Immutable.
 *
 * @param field where the statement came from, for messages ({@code sql}, {@code statements[1].sql})
 */
record Statements(Dialect dialect, String operation, String field, NamedSql named, List<JsonNode> values) {

    Statements {
        values = List.copyOf(values);
    }

    /** {@code sql} and {@code params} of {@code input}; {@code prefix} is {@code ""} or {@code statements[2].}. */
    static Statements of(Dialect dialect, String operation, JsonNode input, String prefix)
            throws ConnectorException {
        String sqlField = prefix + "sql";
        String text = Inputs.text(dialect, operation, input, "sql", sqlField);
        // A trailing ';' ends the one statement; any other separates two, which a step must list apart.
        String trimmed = text.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        NamedSql named = NamedSql.parse(dialect, operation, sqlField, trimmed);
        if (named.semicolon()) {
            throw Inputs.invalid(dialect, operation, sqlField, "holds a ';' between statements: give one"
                    + " statement" + (operation.equals("execute")
                            ? " per entry of 'statements'"
                            : " (" + dialect.id() + ".execute takes a list of them)"));
        }
        if (operation.equals("query")) {
            named.requireReadOnly(dialect, operation, sqlField);
        }
        List<JsonNode> values = Parameters.values(dialect, operation, prefix + "params", named,
                input.get("params"));
        return new Statements(dialect, operation, sqlField, named, values);
    }

    PreparedStatement prepare(java.sql.Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(named.sql());
        Parameters.bind(statement, values);
        return statement;
    }

    /**
     * Reads the current result set into {@code {rows, rowCount, truncated}}: at most {@code maxRows} rows,
     * {@code truncated} when there were more.
     */
    ObjectNode rows(ResultSet rs, int maxRows) throws SQLException, ConnectorException {
        Columns columns = Columns.of(dialect, rs.getMetaData());
        String duplicate = columns.duplicateLabel(1);
        if (duplicate != null) {
            throw Inputs.invalid(dialect, operation, field, "returns two columns named '" + duplicate
                    + "': name them apart with AS");
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            rows.add(columns.object(rs, 1));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("rows", rows);
        out.put("rowCount", rows.size());
        out.put("truncated", truncated);
        return out;
    }
}
