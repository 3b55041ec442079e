package dev.weft.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV as Bulk API 2.0 reads and writes it (RFC 4180: comma-separated, fields with a comma, quote or line
 * break quoted, quotes doubled, a header row of field names). Stateless.
 */
final class Csv {
    /** Bulk API 2.0's value that clears a field (an empty one leaves it as it is). */
    static final String NULL = "#N/A";

    private Csv() {
    }

    /**
     * The CSV of JSON records: a header of every field in the order first seen, a nested object (a parent
     * by its external id, {@code {"Account": {"ERP_Id__c": "C-12"}}}) as {@code Account.ERP_Id__c}, null as
     * {@link #NULL}.
     *
     * @throws IllegalArgumentException naming the record and field of a value CSV cannot hold (an array)
     */
    static String write(JsonNode records, String lineEnding) {
        List<Map<String, String>> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        int index = 0;
        for (JsonNode record : records) {
            if (!record.isObject()) {
                throw new IllegalArgumentException("records[" + index + "] must be an object of fields");
            }
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : record.properties()) {
                JsonNode v = field.getValue();
                if (v.isObject()) {
                    for (Map.Entry<String, JsonNode> key : v.properties()) {
                        row.put(field.getKey() + "." + key.getKey(),
                                value(index, field.getKey(), key.getValue()));
                    }
                } else {
                    row.put(field.getKey(), value(index, field.getKey(), v));
                }
            }
            columns.addAll(row.keySet());
            rows.add(row);
            index++;
        }
        StringBuilder csv = new StringBuilder();
        line(csv, new ArrayList<>(columns), lineEnding);
        for (Map<String, String> row : rows) {
            line(csv, columns.stream().map(c -> row.getOrDefault(c, "")).toList(), lineEnding);
        }
        return csv.toString();
    }

    private static String value(int index, String field, JsonNode v) {
        if (v.isNull()) {
            return NULL;
        }
        if (v.isContainerNode()) {
            throw new IllegalArgumentException("records[" + index + "]." + field + " is " + v.getNodeType()
                    + "; a CSV field holds a value, or a parent's external id as {\"Field__c\": \"value\"}");
        }
        return v.asText();
    }

    private static void line(StringBuilder csv, List<String> values, String lineEnding) {
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (i > 0) {
                csv.append(',');
            }
            if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                    || !v.equals(v.strip())) {
                csv.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                csv.append(v);
            }
        }
        csv.append(lineEnding);
    }

    /**
     * The first {@code max} rows of a CSV with a header, each as an object by column name; the reader is
     * left where reading stopped.
     */
    static List<ObjectNode> read(Reader in, int max) throws IOException {
        List<String> header = row(in);
        List<ObjectNode> rows = new ArrayList<>();
        if (header == null) {
            return rows;
        }
        List<String> values;
        while (rows.size() < max && (values = row(in)) != null) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < values.size() ? values.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** The next row's fields, or null at the end. */
    private static List<String> row(Reader in) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    if (in.read() == '"') {
                        field.append('"');
                    } else {
                        in.reset();
                        quoted = false;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                break;
            } else if (c != '\r') {
                field.append((char) c);
            }
        }
        if (!any) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }
}
