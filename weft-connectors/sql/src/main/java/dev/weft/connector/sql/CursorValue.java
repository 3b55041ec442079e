package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Set;

/**
 * One value of a polling cursor (the cursor column's or a key column's), kept with its type so that it is
 * bound back exactly as it was read: a timestamp as a timestamp (to the microsecond), a big integer as an
 * integer, never a string compared as a number. Stored in the platform's cursor as
 * {@code {"type": "timestamp", "value": "2024-05-01T10:00:00.123456"}}. Immutable.
 */
record CursorValue(String type, JsonNode value) {
    static final Set<String> TYPES = Set.of("boolean", "integer", "decimal", "float", "text", "date", "time",
            "timestamp", "instant", "bytes");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Column {@code index} of the current row. */
    static CursorValue read(Columns columns, ResultSet rs, int index) throws SQLException {
        Columns.Kind kind = columns.all().get(index - 1).kind();
        return switch (kind) {
            case BOOLEAN, INTEGER, DECIMAL, DATE, TIME, TIMESTAMP, BYTES ->
                new CursorValue(kind.name().toLowerCase(java.util.Locale.ROOT), columns.value(rs, index));
            // A float is not a sound cursor, but it is kept as exactly as JSON can.
            case FLOAT -> new CursorValue("float", columns.value(rs, index));
            case INSTANT -> {
                OffsetDateTime t = columns.instant(rs, index);
                yield columns.dialect() == Dialect.POSTGRES
                        ? new CursorValue("instant", t == null
                                ? NODES.nullNode()
                                : NODES.textNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t)))
                        // MariaDB compares TIMESTAMP columns in the session's zone (UTC): a wall-clock value.
                        : new CursorValue("timestamp", t == null
                                ? NODES.nullNode()
                                : NODES.textNode(
                                        DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.toLocalDateTime())));
            }
            case TEXT, JSON, ARRAY -> {
                String text = rs.getString(index);
                yield new CursorValue("text", text == null ? NODES.nullNode() : NODES.textNode(text));
            }
        };
    }

    void bind(PreparedStatement statement, int index) throws SQLException {
        if (value.isNull()) {
            statement.setNull(index, java.sql.Types.NULL);
            return;
        }
        switch (type) {
            case "boolean" -> statement.setBoolean(index, value.booleanValue());
            case "integer" -> {
                if (value.canConvertToLong()) {
                    statement.setLong(index, value.longValue());
                } else {
                    statement.setBigDecimal(index, value.decimalValue());
                }
            }
            case "decimal" -> statement.setBigDecimal(index, new BigDecimal(value.asText()));
            case "float" -> statement.setDouble(index, value.doubleValue());
            case "date" -> statement.setObject(index, LocalDate.parse(value.textValue()));
            case "time" -> statement.setObject(index, LocalTime.parse(value.textValue()));
            case "timestamp" -> statement.setObject(index, LocalDateTime.parse(value.textValue()));
            case "instant" -> statement.setObject(index,
                    OffsetDateTime.parse(value.textValue()).withOffsetSameInstant(ZoneOffset.UTC));
            case "bytes" -> statement.setBytes(index, Base64.getDecoder().decode(value.textValue()));
            default -> statement.setString(index, value.asText());
        }
    }

    JsonNode toJson() {
        ObjectNode node = NODES.objectNode();
        node.put("type", type);
        node.set("value", value);
        return node;
    }

    /** A value stored by {@link #toJson()}; null when {@code node} is not one. */
    static CursorValue fromJson(JsonNode node) {
        if (node == null || !node.isObject() || !TYPES.contains(node.path("type").asText())
                || !node.has("value")) {
            return null;
        }
        CursorValue v = new CursorValue(node.get("type").asText(), node.get("value"));
        try {
            // Parse now, so that a damaged cursor is reported as such rather than as a failed query.
            switch (v.type) {
                case "date" -> LocalDate.parse(v.value.textValue());
                case "time" -> LocalTime.parse(v.value.textValue());
                case "timestamp" -> LocalDateTime.parse(v.value.textValue());
                case "instant" -> OffsetDateTime.parse(v.value.textValue());
                case "decimal" -> new BigDecimal(v.value.asText());
                case "bytes" -> Base64.getDecoder().decode(v.value.textValue());
                default -> {
                    // read as they are
                }
            }
        } catch (RuntimeException damaged) {
            return null;
        }
        return v;
    }
}
