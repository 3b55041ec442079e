package dev.weft.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Durations;
import dev.weft.engine.flow.SourceDocument;
import dev.weft.engine.schedule.ScheduleSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a job file's rules, its {@code conflicts}, {@code deletes} and {@code schedule}, for
 * {@link SyncJobReader}, reporting each problem at its place. Not thread-safe: one per reading.
 */
final class RuleReader {
    private final SourceDocument doc;
    private final FieldReader reader;

    RuleReader(SourceDocument doc, FieldReader fields) {
        this.doc = doc;
        this.reader = fields;
    }

    ConflictPolicy conflicts(JsonNode root, Direction direction, SideSpec left, SideSpec right,
            JsonNode toRight) {
        ConflictRule rule = direction == Direction.BOTH ? ConflictRule.MANUAL : ConflictRule.SOURCE_WINS;
        Duration skew = ConflictPolicy.DEFAULT_SKEW;
        Map<String, ConflictRule> fields = new HashMap<>();
        JsonNode c = root.get("conflicts");
        if (c != null) {
            if (!c.isObject()) {
                doc.problem("/conflicts", "must be an object with rule, skew and fields, but was " + c);
                return null;
            }
            reader.unknown(c, "/conflicts", Set.of("rule", "skew", "fields"));
            String r = reader.text(c, "/conflicts", "rule", false);
            if (r != null) {
                rule = ConflictRule.of(r);
                if (rule == null) {
                    doc.problem("/conflicts/rule",
                            "must be " + ConflictRule.labels() + ", but was '" + r + "'");
                    rule = ConflictRule.MANUAL;
                }
            }
            String s = reader.text(c, "/conflicts", "skew", false);
            if (s != null) {
                skew = Durations.parse(s).orElse(null);
                if (skew == null) {
                    doc.problem("/conflicts/skew", "must be " + Durations.EXPECTED + ", but was '" + s + "'");
                    skew = ConflictPolicy.DEFAULT_SKEW;
                }
            }
            JsonNode f = c.get("fields");
            if (f != null && !f.isObject()) {
                doc.problem("/conflicts/fields", "must be an object of field names to rules, but was " + f);
            } else if (f != null) {
                for (Map.Entry<String, JsonNode> e : f.properties()) {
                    String at = "/conflicts/fields/" + e.getKey();
                    ConflictRule fr = ConflictRule.of(e.getValue().asText());
                    if (fr == null) {
                        doc.problem(at, "must be " + ConflictRule.labels() + ", but was " + e.getValue());
                    } else if (toRight != null && !toRight.has(e.getKey())) {
                        doc.problemAtKey(at,
                                "names field '" + e.getKey() + "', which mapping.toRight does not"
                                        + " write: conflict rules name the right side's synced fields, "
                                        + fieldList(toRight));
                    } else {
                        fields.put(e.getKey(), fr);
                    }
                }
            }
        }
        boolean newest = rule == ConflictRule.NEWEST_WINS || fields.containsValue(ConflictRule.NEWEST_WINS);
        if (newest && left != null && right != null && (left.cursor() == null || right.cursor() == null)) {
            doc.problem(root.has("conflicts") ? "/conflicts" : "", "newest_wins compares each side's"
                    + " modified-at: give both sides changes: {cursor: <modified-at field>}");
        }
        if (direction != Direction.BOTH && !fields.isEmpty()) {
            doc.problem("/conflicts/fields", "field rules need a two-way job (direction: both): a one-way job"
                    + " has one rule for the whole record");
        }
        return new ConflictPolicy(rule, skew, fields);
    }

    private static String fieldList(JsonNode toRight) {
        List<String> names = new ArrayList<>();
        toRight.fieldNames().forEachRemaining(names::add);
        return "which are " + String.join(", ", names);
    }

    DeletePolicy deletes(JsonNode root) {
        JsonNode d = root.get("deletes");
        if (d == null) {
            return DeletePolicy.IGNORE;
        }
        if (d.isTextual() && d.textValue().equals("ignore")) {
            return DeletePolicy.IGNORE;
        }
        if (d.isTextual() && d.textValue().equals("propagate")) {
            return new DeletePolicy(DeletePolicy.Action.PROPAGATE, null, null);
        }
        if (d.isObject() && d.has("mark")) {
            reader.unknown(d, "/deletes", Set.of("mark"));
            JsonNode mark = d.get("mark");
            String field = mark.isObject() ? reader.text(mark, "/deletes/mark", "field", true) : null;
            JsonNode value = mark.isObject() ? mark.get("value") : null;
            if (!mark.isObject()) {
                doc.problem("/deletes/mark", "must be {field: <name>, value: <value>}, but was " + mark);
            } else if (value == null) {
                doc.missing("/deletes/mark", "value", "value is missing: the value the field is set to, such"
                        + " as true or \"deleted\"");
            }
            return field == null || value == null
                    ? null
                    : new DeletePolicy(DeletePolicy.Action.MARK, field, value);
        }
        doc.problem("/deletes", "must be propagate, ignore or {mark: {field: deleted, value: true}}, but was "
                + d);
        return null;
    }

    SyncSchedule schedule(JsonNode root) {
        JsonNode s = root.get("schedule");
        if (s == null) {
            return null;
        }
        if (s.isObject() && s.has("every")) {
            reader.unknown(s, "/schedule", Set.of("every"));
            Duration every = Durations.parse(s.get("every").asText()).orElse(null);
            if (every == null || every.isZero() || every.isNegative()) {
                doc.problem("/schedule/every", "must be " + Durations.EXPECTED + ", more than zero, but was "
                        + s.get("every"));
                return null;
            }
            return new SyncSchedule(null, every);
        }
        if (s.isObject() && s.has("cron")) {
            reader.unknown(s, "/schedule", Set.of("cron", "timezone"));
            ScheduleSpec.Parsed parsed = ScheduleSpec.parse("schedule", s);
            for (ScheduleSpec.FieldProblem p : parsed.problems()) {
                doc.problem("/schedule/" + p.field(), p.message());
            }
            return parsed.spec().map(spec -> new SyncSchedule(spec, null)).orElse(null);
        }
        doc.problem("/schedule", "must be {cron: \"*/5 * * * *\"} or {every: 30s}, but was " + s);
        return null;
    }

}
