package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds JSON values to placeholders: null as SQL NULL, booleans, whole numbers as integers, other numbers
 * as exact decimals, strings as strings (PostgreSQL reads them as the column's type, so an ISO-8601 string
 * fills a timestamptz and a UUID string a uuid), and objects and arrays as their JSON text (for json,
 * jsonb and text columns). Stateless.
 */
final class Parameters {

    private Parameters() {
    }

    /**
     * The values of {@code named}'s parameters from {@code params}, in placeholder order.
     *
     * @param field where the parameters come from, for messages ({@code params}, {@code statements[2].params})
     */
    static List<JsonNode> values(Dialect dialect, String operation, String field, NamedSql named,
            JsonNode params)
            throws ConnectorException {
        if (params != null && !params.isNull() && !params.isObject()) {
            throw Inputs.invalid(dialect, operation, field, "must be an object of parameter values, but was "
                    + Inputs.shown(params));
        }
        List<JsonNode> values = new ArrayList<>();
        for (String name : named.parameters()) {
            JsonNode value = params == null ? null : params.get(name);
            if (value == null) {
                throw Inputs.invalid(dialect, operation, field + "." + name,
                        "is not given, but the sql uses :" + name + " (give null for SQL NULL)");
            }
            values.add(value);
        }
        if (params != null && params.isObject()) {
            Set<String> used = new HashSet<>(named.parameters());
            for (Map.Entry<String, JsonNode> p : params.properties()) {
                if (!used.contains(p.getKey())) {
                    throw Inputs.invalid(dialect, operation, field + "." + p.getKey(),
                            "is not used: the sql has no :" + p.getKey() + " (outside string literals and"
                                    + " comments)");
                }
            }
        }
        return values;
    }

    /** Binds {@code values} to placeholders 1, 2, ... */
    static void bind(PreparedStatement statement, List<JsonNode> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            bind(statement, i + 1, values.get(i));
        }
    }

    static void bind(PreparedStatement statement, int index, JsonNode value) throws SQLException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            statement.setNull(index, Types.NULL);
        } else if (value.isBoolean()) {
            statement.setBoolean(index, value.booleanValue());
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            statement.setLong(index, value.longValue());
        } else if (value.isIntegralNumber()) {
            statement.setBigDecimal(index, new BigDecimal(value.bigIntegerValue()));
        } else if (value.isNumber()) {
            statement.setBigDecimal(index, value.decimalValue());
        } else if (value.isTextual()) {
            statement.setString(index, value.textValue());
        } else if (value.isBinary()) {
            statement.setBytes(index, ((com.fasterxml.jackson.databind.node.BinaryNode) value).binaryValue());
        } else {
            statement.setString(index, value.toString());
        }
    }
}
