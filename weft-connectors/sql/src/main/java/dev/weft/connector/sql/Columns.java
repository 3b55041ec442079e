package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns of a result and how each is read as JSON: numbers as numbers (decimals exactly), booleans,
 * text, dates and times as ISO-8601 (an instant in UTC with {@code Z}, a timestamp without zone without
 * one), json and jsonb as JSON, bytes as base64, PostgreSQL arrays as arrays, anything else as its text.
 * Immutable.
 */
record Columns(Dialect dialect, List<Column> all) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a column's values are read. */
    enum Kind {
        BOOLEAN, INTEGER, DECIMAL, FLOAT, TEXT, DATE, TIME, TIMESTAMP, INSTANT, BYTES, JSON, ARRAY
    }

    /** One column: its label and how it is read. */
    record Column(String label, Kind kind) {
    }

    Columns {
        all = List.copyOf(all);
    }

    static Columns of(Dialect dialect, ResultSetMetaData meta) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(new Column(meta.getColumnLabel(i), kind(dialect, meta.getColumnType(i),
                    meta.getColumnTypeName(i), meta.getPrecision(i))));
        }
        return new Columns(dialect, columns);
    }

    /** The first label that two columns share from column {@code from} on, or null. */
    String duplicateLabel(int from) {
        Set<String> seen = new HashSet<>();
        for (Column c : all.subList(from - 1, all.size())) {
            if (!seen.add(c.label())) {
                return c.label();
            }
        }
        return null;
    }

    static Kind kind(Dialect dialect, int type, String typeName, int precision) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (dialect.isJson(name)) {
            return Kind.JSON;
        }
        return switch (type) {
            case Types.BOOLEAN -> Kind.BOOLEAN;
            // PostgreSQL's bool and MariaDB's BIT(1) and TINYINT(1) are BIT; wider bit strings are not truth.
            case Types.BIT -> name.startsWith("bool") || dialect == Dialect.MARIADB && precision <= 1
                    ? Kind.BOOLEAN
                    : dialect == Dialect.MARIADB ? Kind.BYTES : Kind.TEXT;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> Kind.DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> Kind.FLOAT;
            case Types.DATE -> name.equals("year") ? Kind.INTEGER : Kind.DATE;
            case Types.TIME -> name.equals("timetz") ? Kind.TEXT : Kind.TIME;
            case Types.TIMESTAMP -> dialect.isInstant(name) ? Kind.INSTANT : Kind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Kind.INSTANT;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BYTES;
            case Types.ARRAY -> Kind.ARRAY;
            default -> Kind.TEXT;
        };
    }

    /** Columns {@code from} to the last as one JSON object of label to value. */
    ObjectNode object(ResultSet rs, int from) throws SQLException {
        ObjectNode row = NODES.objectNode();
        for (int i = from; i <= all.size(); i++) {
            row.set(all.get(i - 1).label(), value(rs, i));
        }
        return row;
    }

    /** Column {@code index} (from 1) of the current row as JSON. */
    JsonNode value(ResultSet rs, int index) throws SQLException {
        Kind kind = all.get(index - 1).kind();
        switch (kind) {
            case BOOLEAN -> {
                boolean b = rs.getBoolean(index);
                return rs.wasNull() ? NODES.nullNode() : NODES.booleanNode(b);
            }
            case INTEGER -> {
                Object n = rs.getObject(index);
                return n == null ? NODES.nullNode() : integer(n);
            }
            case FLOAT -> {
                double d = rs.getDouble(index);
                return rs.wasNull() ? NODES.nullNode() : floating(d);
            }
            case DATE -> {
                LocalDate d = rs.getObject(index, LocalDate.class);
                return d == null
                        ? NODES.nullNode()
                        : NODES.textNode(DateTimeFormatter.ISO_LOCAL_DATE.format(d));
            }
            case TIME -> {
                LocalTime t = rs.getObject(index, LocalTime.class);
                return t == null
                        ? NODES.nullNode()
                        : NODES.textNode(DateTimeFormatter.ISO_LOCAL_TIME.format(t));
            }
            case TIMESTAMP -> {
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                return t == null
                        ? NODES.nullNode()
                        : NODES.textNode(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
            }
            case INSTANT -> {
                OffsetDateTime t = instant(rs, index);
                return t == null ? NODES.nullNode() : NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(t));
            }
            case BYTES -> {
                byte[] bytes = rs.getBytes(index);
                return bytes == null
                        ? NODES.nullNode()
                        : NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case ARRAY -> {
                Array array = rs.getArray(index);
                return array == null ? NODES.nullNode() : element(array.getArray(), array.getBaseTypeName());
            }
            default -> {
                String text = rs.getString(index);
                if (text == null) {
                    return NODES.nullNode();
                }
                return kind == Kind.DECIMAL
                        ? decimal(text)
                        : kind == Kind.JSON ? json(text) : NODES.textNode(text);
            }
        }
    }

    /** A timestamp with zone, in UTC; MariaDB's TIMESTAMP is read in the session's zone, which is UTC. */
    OffsetDateTime instant(ResultSet rs, int index) throws SQLException {
        if (dialect == Dialect.POSTGRES) {
            OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
            return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
        }
        LocalDateTime t = rs.getObject(index, LocalDateTime.class);
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static JsonNode integer(Object n) {
        if (n instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (n instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (n instanceof Boolean b) {
            return NODES.numberNode(b ? 1 : 0);
        }
        if (n instanceof java.sql.Date d) {
            return NODES.numberNode(d.toLocalDate().getYear());
        }
        return n instanceof Number number
                ? NODES.numberNode(number.longValue())
                : NODES.textNode(n.toString());
    }

    /** JSON has no NaN or infinity: those are given as text. */
    private static JsonNode floating(double d) {
        return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
    }

    private static JsonNode decimal(String text) {
        try {
            return NODES.numberNode(new BigDecimal(text));
        } catch (NumberFormatException notANumber) {
            return NODES.textNode(text); // PostgreSQL's numeric NaN and infinities
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return NODES.textNode(text);
        }
    }

    /** An element of a PostgreSQL array, read by its Java type. */
    private static JsonNode element(Object e, String baseType) {
        return switch (e) {
            case null -> NODES.nullNode();
            case Object[] nested -> {
                ArrayNode array = NODES.arrayNode();
                for (Object o : nested) {
                    array.add(element(o, baseType));
                }
                yield array;
            }
            case Boolean b -> NODES.booleanNode(b);
            case Double d -> floating(d);
            case Float f -> floating(f);
            case BigDecimal d -> NODES.numberNode(d);
            case Number n -> integer(n);
            case byte[] bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            case java.sql.Timestamp t -> NODES.textNode("timestamptz".equalsIgnoreCase(baseType)
                    ? DateTimeFormatter.ISO_INSTANT.format(t.toInstant())
                    : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.toLocalDateTime()));
            case java.sql.Date d -> NODES.textNode(DateTimeFormatter.ISO_LOCAL_DATE.format(d.toLocalDate()));
            case java.sql.Time t -> NODES.textNode(DateTimeFormatter.ISO_LOCAL_TIME.format(t.toLocalTime()));
            default -> {
                String text = e.toString();
                yield baseType != null && (baseType.equals("json") || baseType.equals("jsonb"))
                        ? json(text)
                        : NODES.textNode(text);
            }
        };
    }
}
