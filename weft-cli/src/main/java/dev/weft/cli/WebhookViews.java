package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code weft webhooks} shows the API's endpoints, deliveries and attempts to a person: tables whose
 * columns are as wide as their widest cell, one line per item. {@code --json} prints the API's JSON instead.
 * Stateless.
 */
final class WebhookViews {
    /** The longest an error or a response body is in a table cell; {@code --json} has all of it. */
    static final int CELL = 60;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** C0 and C1 controls and DEL (POSIX Cntrl is C0 and DEL only, but a C1 CSI also starts an escape). */
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private WebhookViews() {
    }

    /** The endpoints as a table: id, state, events, url, description. */
    static List<String> endpoints(List<JsonNode> endpoints) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : endpoints) {
            rows.add(List.of(text(e, "id"), state(e), events(e), text(e, "url"), text(e, "description")));
        }
        return table(List.of("ID", "STATE", "EVENTS", "URL", "DESCRIPTION"), rows);
    }

    /**
     * {@code enabled}, {@code failing since T} (enabled, but every attempt has failed since then) or
     * {@code disabled (why)}.
     */
    static String state(JsonNode endpoint) {
        if (!endpoint.path("enabled").asBoolean(true)) {
            String why = text(endpoint, "disabledReason");
            return "disabled" + (why.equals("-") ? "" : " (" + why + ")");
        }
        return endpoint.hasNonNull("failingSince")
                ? "failing since " + endpoint.get("failingSince").asText()
                : "enabled";
    }

    /** One endpoint, field by field. */
    static List<String> endpoint(JsonNode e) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("id", text(e, "id")));
        rows.add(List.of("url", text(e, "url")));
        rows.add(List.of("events", events(e)));
        rows.add(List.of("filter", text(e, "filter")));
        List<String> headers = new ArrayList<>();
        e.path("headers").properties().forEach(h -> headers.add(h.getKey() + "=" + h.getValue().asText()));
        rows.add(List.of("headers", headers.isEmpty() ? "-" : String.join(", ", headers)));
        rows.add(List.of("rate limit", e.hasNonNull("rateLimit") ? e.get("rateLimit").asText() + "/s" : "-"));
        rows.add(List.of("concurrency", text(e, "concurrency")));
        rows.add(List.of("state", state(e)));
        rows.add(List.of("description", text(e, "description")));
        rows.add(List.of("secret version", text(e, "secretVersion")
                + (e.hasNonNull("previousSecretExpiresAt")
                        ? " (the previous one also signs until " + e.get("previousSecretExpiresAt").asText()
                                + ")"
                        : "")));
        rows.add(List.of("created", text(e, "createdAt")));
        rows.add(List.of("updated", text(e, "updatedAt")));
        return table(null, rows);
    }

    /** Deliveries as a table: id, status, event type, attempts, the last answer, created, next attempt. */
    static List<String> deliveries(List<JsonNode> deliveries) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode d : deliveries) {
            rows.add(List.of(text(d, "id"), text(d, "status"), text(d, "eventType"), text(d, "attempts"),
                    last(d), text(d, "createdAt"), next(d)));
        }
        return table(List.of("ID", "STATUS", "TYPE", "ATTEMPTS", "LAST", "CREATED", "NEXT"), rows);
    }

    /** One delivery: what it is, then each attempt. */
    static List<String> delivery(JsonNode d) {
        List<List<String>> fields = new ArrayList<>();
        fields.add(List.of("id", text(d, "id")));
        fields.add(List.of("endpoint", text(d, "endpointId")));
        fields.add(List.of("message", text(d, "messageId") + " (webhook-id)"));
        fields.add(List.of("type", text(d, "eventType")));
        // "attempts" is the count; GET .../deliveries/{id} lists them in "history".
        JsonNode history = d.path("history");
        int tried = d.path("attempts").asInt(history.size());
        fields.add(List.of("status",
                text(d, "status") + ", " + tried + (tried == 1 ? " attempt" : " attempts")));
        fields.add(List.of("next attempt", next(d)));
        fields.add(List.of("created", text(d, "createdAt")));
        List<String> lines = new ArrayList<>(table(null, fields));
        lines.add("");
        if (!history.isArray() || history.isEmpty()) {
            lines.add("no attempt yet");
            return lines;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode a : history) {
            String answer = a.hasNonNull("responseStatus") ? a.get("responseStatus").asText() : "-";
            // What the receiver answered says more than "it answered 500"; without an answer, the error.
            String detail = a.hasNonNull("responseStatus") && !text(a, "responseBody").equals("-")
                    ? text(a, "responseBody")
                    : text(a, "error");
            rows.add(List.of(text(a, "attempt"), text(a, "startedAt"), a.path("succeeded").asBoolean()
                    ? "succeeded"
                    : "failed", answer, a.hasNonNull("latencyMs") ? a.get("latencyMs").asText() + " ms" : "-",
                    cell(detail)));
        }
        lines.addAll(
                table(List.of("ATTEMPT", "STARTED", "OUTCOME", "STATUS", "LATENCY", "ERROR OR BODY"), rows));
        return lines;
    }

    /** The last answer's status, or its error when there was no answer. */
    private static String last(JsonNode d) {
        if (d.hasNonNull("lastStatus")) {
            return d.get("lastStatus").asText();
        }
        return d.hasNonNull("lastError") ? cell(d.get("lastError").asText()) : "-";
    }

    /** When a pending delivery is tried next; {@code -} for one that ended. */
    private static String next(JsonNode d) {
        return "pending".equals(d.path("status").asText()) ? text(d, "dueAt") : "-";
    }

    private static String events(JsonNode endpoint) {
        List<String> events = new ArrayList<>();
        endpoint.path("events").forEach(e -> events.add(e.asText()));
        return events.isEmpty() ? "-" : String.join(",", events);
    }

    /** A field as printable text on one line ({@link #printable}), {@code -} when it is missing or null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? "-" : printable(v.asText());
    }

    /** One printable line ({@link #printable}) of at most {@link #CELL} characters. */
    static String cell(String text) {
        String line = printable(text).strip();
        return line.length() <= CELL ? line : line.substring(0, CELL - 3) + "...";
    }

    /**
     * {@code text} on one line that cannot steer a terminal: runs of whitespace become one space, and every
     * other control character (an escape that would change colours, move the cursor or set the title) is
     * shown as a backslash, {@code u} and its four hex digits. What receivers answer is not this CLI's to
     * trust.
     */
    static String printable(String text) {
        String line = WHITESPACE.matcher(text).replaceAll(" ");
        return CONTROL.matcher(line).replaceAll(
                m -> Matcher.quoteReplacement(String.format("\\u%04x", (int) m.group().charAt(0))));
    }

    /**
     * Rows with their columns padded to the widest cell (the last one unpadded), under {@code headers}
     * (null: none).
     */
    static List<String> table(List<String> headers, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        if (headers != null) {
            all.add(headers);
        }
        for (List<String> row : rows) {
            all.add(row.stream().map(WebhookViews::printable).toList());
        }
        int columns = all.isEmpty() ? 0 : all.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : all) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
