package dev.weft.cli;

import static dev.weft.cli.WebhookViews.cell;
import static dev.weft.cli.WebhookViews.table;
import static dev.weft.cli.WebhookViews.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code weft sync} shows the API's jobs, runs, failures and conflicts to a person: tables as
 * {@code weft webhooks} prints them, every value that came from a record or a system made printable (a
 * record's text is not this CLI's to trust). {@code --json} prints the API's JSON instead. Stateless.
 */
final class SyncViews {
    private static final List<String> COUNTS = List.of("read", "created", "updated", "deleted", "unchanged",
            "conflicts", "failed");

    private SyncViews() {
    }

    /** Jobs as a table: id, version, direction, the two sides, links, failures, open conflicts, last run. */
    static List<String> jobs(List<JsonNode> jobs) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode j : jobs) {
            rows.add(List.of(text(j, "id"), text(j, "version"), text(j, "direction"), side(j.path("left")),
                    side(j.path("right")), text(j, "links"), text(j, "failures"), text(j, "openConflicts"),
                    lastRun(j)));
        }
        return table(List.of("ID", "VERSION", "DIRECTION", "LEFT", "RIGHT", "LINKS", "FAILURES", "CONFLICTS",
                "LAST RUN"), rows);
    }

    /** One job, field by field, with its last run's counts and progress. */
    static List<String> job(JsonNode j) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("id", text(j, "id")));
        rows.add(List.of("version",
                text(j, "version") + (j.path("enabled").asBoolean(true) ? "" : " (disabled)")));
        rows.add(List.of("description", text(j, "description")));
        rows.add(List.of("direction", text(j, "direction")));
        rows.add(List.of("left", side(j.path("left"))));
        rows.add(List.of("right", side(j.path("right"))));
        JsonNode schedule = j.path("schedule");
        rows.add(List.of("schedule", schedule.has("cron")
                ? "cron " + text(schedule, "cron")
                : schedule.has("every") ? "every " + text(schedule, "every") : "-"));
        rows.add(List.of("links", text(j, "links")));
        rows.add(List.of("failures", text(j, "failures")
                + (j.path("failures").asLong() > 0 ? " (weft sync failures " + text(j, "id") + ")" : "")));
        rows.add(List.of("open conflicts", text(j, "openConflicts")
                + (j.path("openConflicts").asLong() > 0
                        ? " (weft sync conflicts " + text(j, "id") + ")"
                        : "")));
        JsonNode run = j.path("lastRun");
        if (run.isObject()) {
            rows.add(List.of("last run",
                    text(run, "id") + " " + text(run, "status") + " (" + text(run, "reason")
                            + (run.path("full").asBoolean() ? ", full" : "") + "), created "
                            + text(run, "createdAt")
                            + (run.hasNonNull("finishedAt") ? ", finished " + text(run, "finishedAt") : "")));
            rows.add(List.of("counts", counts(run)));
            if (!run.path("status").asText().matches("succeeded|failed|cancelled")) {
                rows.add(List.of("progress", progress(run)));
            }
            if (run.hasNonNull("error")) {
                rows.add(List.of("error", text(run, "error")));
            }
        } else {
            rows.add(List.of("last run", "none yet (weft sync run " + text(j, "id") + ")"));
        }
        rows.add(List.of("created", text(j, "createdAt")));
        rows.add(List.of("updated", text(j, "updatedAt")));
        return table(null, rows);
    }

    /** Runs as a table: id, status, why, the counts, when, and the error of a failed one. */
    static List<String> runs(List<JsonNode> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : runs) {
            List<String> row = new ArrayList<>(List.of(text(r, "id"), text(r, "status"),
                    text(r, "reason") + (r.path("full").asBoolean() ? " (full)" : "")));
            COUNTS.forEach(c -> row.add(text(r.path("counts"), c)));
            row.add(text(r, "startedAt"));
            row.add(text(r, "finishedAt"));
            row.add(r.hasNonNull("error") ? cell(r.get("error").asText()) : "-");
            rows.add(row);
        }
        return table(List.of("ID", "STATUS", "REASON", "READ", "CREATED", "UPDATED", "DELETED", "UNCHANGED",
                "CONFLICTS", "FAILED", "STARTED", "FINISHED", "ERROR"), rows);
    }

    /** Records that failed: which side's record, its key, why, how often. */
    static List<String> failures(List<JsonNode> failures) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode f : failures) {
            rows.add(List.of(text(f, "side"), cell(compact(f.path("key"))), text(f, "code"),
                    text(f, "attempts"),
                    text(f, "lastFailedAt"), cell(f.path("message").asText("-"))));
        }
        return table(List.of("SIDE", "KEY", "CODE", "ATTEMPTS", "LAST FAILED", "MESSAGE"), rows);
    }

    /** Conflicts: id, status, the two keys, and each field in conflict with its value on each side. */
    static List<String> conflicts(List<JsonNode> conflicts) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode c : conflicts) {
            List<String> left = new ArrayList<>();
            List<String> right = new ArrayList<>();
            for (JsonNode field : c.path("fields")) {
                left.add(field.asText() + "=" + compact(c.path("left").path(field.asText())));
                right.add(field.asText() + "=" + compact(c.path("right").path(field.asText())));
            }
            rows.add(List.of(text(c, "id"), text(c, "status"), cell(compact(c.path("leftKey"))),
                    cell(compact(c.path("rightKey"))), cell(String.join(", ", left)),
                    cell(String.join(", ", right)), text(c, "createdAt")));
        }
        return table(List.of("ID", "STATUS", "LEFT KEY", "RIGHT KEY", "LEFT", "RIGHT", "CREATED"), rows);
    }

    /** A run's counts on one line: {@code 10000 read, 10000 created, 0 updated, ...}. */
    static String counts(JsonNode run) {
        List<String> parts = new ArrayList<>();
        COUNTS.forEach(c -> parts.add(run.path("counts").path(c).asLong() + " " + c));
        return String.join(", ", parts);
    }

    /** Where a run that has not ended is: its phase and the records read so far. */
    static String progress(JsonNode run) {
        JsonNode p = run.path("progress");
        String phase = p.path("phase").asText("");
        String where = switch (phase) {
            case "" -> "not started";
            case "resolutions" -> "writing resolved conflicts";
            case "retries" -> "retrying failed records";
            case "left", "right" -> "reading the " + phase + " side";
            default -> WebhookViews.printable(phase);
        };
        return where + ", " + p.path("read").asLong() + " read so far";
    }

    /** A side as {@code system/type}. */
    private static String side(JsonNode side) {
        return side.isObject() ? text(side, "system") + "/" + text(side, "type") : "-";
    }

    private static String lastRun(JsonNode job) {
        JsonNode run = job.path("lastRun");
        if (!run.isObject()) {
            return "-";
        }
        String when = run.hasNonNull("finishedAt") ? text(run, "finishedAt") : text(run, "createdAt");
        return text(run, "id") + " " + text(run, "status") + " " + when;
    }

    /** A JSON value as one line: text as it is, anything else as compact JSON. */
    private static String compact(JsonNode value) {
        return value.isMissingNode() ? "-" : value.isTextual() ? value.asText() : value.toString();
    }
}
