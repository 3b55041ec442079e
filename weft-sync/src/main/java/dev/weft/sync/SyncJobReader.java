package dev.weft.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Durations;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.expr.JsonTemplate;
import dev.weft.engine.flow.Problem;
import dev.weft.engine.flow.SourceDocument;
import dev.weft.engine.schedule.ScheduleSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a sync job file (YAML, or JSON when the name ends in {@code .json}; {@code kind: sync}) and checks it,
 * reporting every problem with its file, line, column and JSON pointer, as the flow reader does. The schema
 * for editors is {@code docs/schema/sync.schema.json}. Stateless and thread-safe.
 */
public final class SyncJobReader {
    /** The value of {@code kind} that marks a sync job file. */
    public static final String KIND = "sync";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.]{0,127}");
    private static final int MAX_KEY_FIELDS = 8;
    private static final Set<String> TOP = Set.of("kind", "id", "description", "left", "right", "direction",
            "mapping", "conflicts", "deletes", "batchSize", "schedule");
    private static final Set<String> SIDE = Set.of("system", "type", "key", "changes", "match");

    /**
     * What reading gave.
     *
     * @param job the job, or null when there is any problem
     * @param problems every problem, in file order
     */
    public record Result(SyncJob job, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final SourceDocument doc;

    private SyncJobReader(SourceDocument doc) {
        this.doc = doc;
    }

    /** Whether a parsed document declares itself a sync job ({@code kind: sync}). */
    public static boolean isSyncJob(JsonNode root) {
        return root != null && root.isObject() && KIND.equals(root.path("kind").asText(null));
    }

    /** Reads job text; {@code fileName} chooses the syntax and names the file in problems. */
    public static Result read(String fileName, String text) {
        SourceDocument doc = SourceDocument.parse(fileName, text);
        if (doc.root() == null) {
            return new Result(null, doc.problems());
        }
        SyncJob job = new SyncJobReader(doc).job(doc.root());
        List<Problem> problems = doc.problems();
        return problems.isEmpty() ? new Result(job, problems) : new Result(null, problems);
    }

    private SyncJob job(JsonNode root) {
        if (!root.isObject()) {
            doc.problem("", "a sync job is an object with kind: sync, id, left, right and mapping");
            return null;
        }
        unknown(root, "", TOP);
        String kind = root.path("kind").asText(null);
        if (!KIND.equals(kind)) {
            if (root.has("kind")) {
                doc.problem("/kind", "must be 'sync' in a sync job file, but was " + root.get("kind"));
            } else {
                doc.missing("", "kind", "kind: sync is missing: a sync job file says what it is");
            }
        }
        String id = text(root, "", "id", true);
        if (id != null && !ID.matcher(id).matches()) {
            doc.problem("/id", "must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, but was '" + id + "'");
        }
        String description = text(root, "", "description", false);
        SideSpec left = side(root, "left");
        SideSpec right = side(root, "right");
        Direction direction = Direction.LEFT_TO_RIGHT;
        String d = text(root, "", "direction", false);
        if (d != null) {
            direction = Direction.of(d);
            if (direction == null) {
                doc.problem("/direction",
                        "must be left_to_right, right_to_left or both, but was '" + d + "'");
                direction = Direction.LEFT_TO_RIGHT;
            }
        }
        JsonNode[] mapping = mapping(root, direction);
        writesKey(mapping[0], right, "toRight", "right");
        writesKey(mapping[1], left, "toLeft", "left");
        ConflictPolicy conflicts = conflicts(root, direction, left, right, mapping[0]);
        DeletePolicy deletes = deletes(root);
        int batchSize = SyncJob.DEFAULT_BATCH_SIZE;
        if (root.has("batchSize")) {
            JsonNode b = root.get("batchSize");
            if (!b.canConvertToInt() || !b.isIntegralNumber() || b.intValue() < 1
                    || b.intValue() > SyncJob.MAX_BATCH_SIZE) {
                doc.problem("/batchSize", "must be a whole number from 1 to " + SyncJob.MAX_BATCH_SIZE
                        + ", but was " + b);
            } else {
                batchSize = b.intValue();
            }
        }
        SyncSchedule schedule = schedule(root);
        if (id == null || left == null || right == null || conflicts == null || deletes == null
                || !doc.problems().isEmpty()) {
            return null;
        }
        return new SyncJob(id, description, left, right, direction, mapping[0], mapping[1], conflicts,
                deletes,
                batchSize, schedule);
    }

    private SideSpec side(JsonNode root, String name) {
        String at = "/" + name;
        JsonNode side = root.get(name);
        if (side == null) {
            doc.missing("", name, name + " is missing: give the " + name
                    + " side's system, type and key, for example {system: crm-db, type: customers, key: [id]}");
            return null;
        }
        if (!side.isObject()) {
            doc.problem(at, "must be an object with system, type and key, but was " + side);
            return null;
        }
        unknown(side, at, SIDE);
        String system = text(side, at, "system", true);
        String type = text(side, at, "type", true);
        List<String> key = names(side, at, "key", true);
        String cursor = null;
        JsonNode changes = side.get("changes");
        if (changes != null) {
            if (changes.isTextual() && changes.textValue().equals("scan")) {
                cursor = null;
            } else if (changes.isObject()) {
                unknown(changes, at + "/changes", Set.of("cursor"));
                cursor = text(changes, at + "/changes", "cursor", true);
                if (cursor != null && !NAME.matcher(cursor).matches()) {
                    doc.problem(at + "/changes/cursor", "must be a field name, but was '" + cursor + "'");
                }
            } else {
                doc.problem(at + "/changes", "must be 'scan' (compare every record by its content) or"
                        + " {cursor: <modified-at field>}, but was " + changes);
            }
        }
        List<String> match = List.of();
        JsonNode m = side.get("match");
        if (m != null) {
            if (!m.isObject()) {
                doc.problem(at + "/match", "must be {by: [fields]}, but was " + m);
            } else {
                unknown(m, at + "/match", Set.of("by"));
                List<String> by = names(m, at + "/match", "by", true);
                match = by == null ? List.of() : by;
            }
        }
        if (system == null || type == null || key == null) {
            return null;
        }
        return new SideSpec(system, type, key, cursor, match);
    }

    /** The compiled-checked mappings {toRight, toLeft}; each null when its direction is not synced. */
    private JsonNode[] mapping(JsonNode root, Direction direction) {
        JsonNode[] out = new JsonNode[2];
        JsonNode mapping = root.get("mapping");
        if (mapping == null) {
            doc.missing("", "mapping",
                    "mapping is missing: give mapping.toRight and/or mapping.toLeft, each an"
                            + " object of field names to values such as \"{{ email }}\"");
            return out;
        }
        if (!mapping.isObject()) {
            doc.problem("/mapping", "must be an object with toRight and/or toLeft, but was " + mapping);
            return out;
        }
        unknown(mapping, "/mapping", Set.of("toRight", "toLeft"));
        out[0] = direction != Direction.RIGHT_TO_LEFT ? fields(mapping, "toRight", direction) : null;
        out[1] = direction != Direction.LEFT_TO_RIGHT ? fields(mapping, "toLeft", direction) : null;
        if (direction == Direction.LEFT_TO_RIGHT && mapping.has("toLeft")) {
            doc.problemAtKey("/mapping/toLeft", "is not used: the direction is left_to_right; remove it or"
                    + " make the direction both");
        }
        if (direction == Direction.RIGHT_TO_LEFT && mapping.has("toRight")) {
            doc.problemAtKey("/mapping/toRight", "is not used: the direction is right_to_left; remove it or"
                    + " make the direction both");
        }
        return out;
    }

    private JsonNode fields(JsonNode mapping, String name, Direction direction) {
        String at = "/mapping/" + name;
        JsonNode fields = mapping.get(name);
        if (fields == null) {
            doc.missing("/mapping", name, name + " is missing: the direction is " + direction.label()
                    + ", so records are copied that way; give the fields to write, such as {email: \"{{ email"
                    + " }}\"}");
            return null;
        }
        if (!fields.isObject() || fields.isEmpty()) {
            doc.problem(at, "must be an object of at least one field name to its value, but was " + fields);
            return null;
        }
        for (Map.Entry<String, JsonNode> f : fields.properties()) {
            if (!NAME.matcher(f.getKey()).matches()) {
                doc.problemAtKey(at + "/" + f.getKey(), "'" + f.getKey() + "' is not a field name");
            }
            try {
                JsonTemplate.compile(f.getValue());
            } catch (ExpressionException e) {
                doc.problem(at + "/" + f.getKey(), e.getMessage());
            }
        }
        return fields;
    }

    /** A mapping must give the fields its target side's records are matched on. */
    private void writesKey(JsonNode mapping, SideSpec target, String name, String side) {
        if (mapping == null || target == null) {
            return;
        }
        List<String> missing = target.writeKey().stream().filter(f -> !mapping.has(f)).toList();
        if (!missing.isEmpty()) {
            doc.problem("/mapping/" + name, "does not write " + String.join(", ", missing) + ", which the "
                    + side + " side's records are matched on (" + side + (target.match().isEmpty()
                            ? ".key"
                            : ".match.by")
                    + "): write " + (missing.size() == 1 ? "it" : "them") + ", or match the " + side
                    + " side's records by fields the mapping writes with " + side + ".match.by");
        }
    }

    private ConflictPolicy conflicts(JsonNode root, Direction direction, SideSpec left, SideSpec right,
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
            unknown(c, "/conflicts", Set.of("rule", "skew", "fields"));
            String r = text(c, "/conflicts", "rule", false);
            if (r != null) {
                rule = ConflictRule.of(r);
                if (rule == null) {
                    doc.problem("/conflicts/rule",
                            "must be " + ConflictRule.labels() + ", but was '" + r + "'");
                    rule = ConflictRule.MANUAL;
                }
            }
            String s = text(c, "/conflicts", "skew", false);
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

    private DeletePolicy deletes(JsonNode root) {
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
            unknown(d, "/deletes", Set.of("mark"));
            JsonNode mark = d.get("mark");
            String field = mark.isObject() ? text(mark, "/deletes/mark", "field", true) : null;
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

    private SyncSchedule schedule(JsonNode root) {
        JsonNode s = root.get("schedule");
        if (s == null) {
            return null;
        }
        if (s.isObject() && s.has("every")) {
            unknown(s, "/schedule", Set.of("every"));
            Duration every = Durations.parse(s.get("every").asText()).orElse(null);
            if (every == null || every.isZero() || every.isNegative()) {
                doc.problem("/schedule/every", "must be " + Durations.EXPECTED + ", more than zero, but was "
                        + s.get("every"));
                return null;
            }
            return new SyncSchedule(null, every);
        }
        if (s.isObject() && s.has("cron")) {
            unknown(s, "/schedule", Set.of("cron", "timezone"));
            ScheduleSpec.Parsed parsed = ScheduleSpec.parse("schedule", s);
            for (ScheduleSpec.FieldProblem p : parsed.problems()) {
                doc.problem("/schedule/" + p.field(), p.message());
            }
            return parsed.spec().map(spec -> new SyncSchedule(spec, null)).orElse(null);
        }
        doc.problem("/schedule", "must be {cron: \"*/5 * * * *\"} or {every: 30s}, but was " + s);
        return null;
    }

    // ---- small readers

    private void unknown(JsonNode object, String at, Set<String> known) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                doc.problemAtKey(at + "/" + name, "unknown field '" + name + "'; the fields here are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        });
    }

    private String text(JsonNode object, String at, String field, boolean required) {
        JsonNode v = object.get(field);
        if (v == null) {
            if (required) {
                doc.missing(at, field, field + " is missing");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            doc.problem(at + "/" + field, "must be a non-empty string, but was " + v);
            return null;
        }
        return v.textValue();
    }

    private List<String> names(JsonNode object, String at, String field, boolean required) {
        JsonNode v = object.get(field);
        if (v == null) {
            if (required) {
                doc.missing(at, field, field + " is missing: give a list of field names, such as [id]");
            }
            return null;
        }
        if (v.isTextual()) {
            v = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(v.textValue());
        }
        if (!v.isArray() || v.isEmpty() || v.size() > MAX_KEY_FIELDS) {
            doc.problem(at + "/" + field,
                    "must be a list of 1 to " + MAX_KEY_FIELDS + " field names, but was "
                            + object.get(field));
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode n = v.get(i);
            if (!n.isTextual() || !NAME.matcher(n.textValue()).matches()) {
                doc.problem(at + "/" + field + (object.get(field).isArray() ? "/" + i : ""),
                        "must be a field name, but was " + n);
                return null;
            }
            if (names.contains(n.textValue())) {
                doc.problem(at + "/" + field + "/" + i, "names '" + n.textValue() + "' twice");
                return null;
            }
            names.add(n.textValue());
        }
        return names;
    }
}
