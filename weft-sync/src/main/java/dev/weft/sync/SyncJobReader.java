package dev.weft.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.expr.JsonTemplate;
import dev.weft.engine.flow.Problem;
import dev.weft.engine.flow.SourceDocument;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
    private final FieldReader fields;
    private final RuleReader rules;
    private final Function<String, String> systemProblem;

    private SyncJobReader(SourceDocument doc, Function<String, String> systemProblem) {
        this.doc = doc;
        this.systemProblem = systemProblem;
        this.fields = new FieldReader(doc);
        this.rules = new RuleReader(doc, fields);
    }

    /** Whether a parsed document declares itself a sync job ({@code kind: sync}). */
    public static boolean isSyncJob(JsonNode root) {
        return root != null && root.isObject() && KIND.equals(root.path("kind").asText(null));
    }

    /** Reads job text; {@code fileName} chooses the syntax and names the file in problems. */
    public static Result read(String fileName, String text) {
        return read(fileName, text, system -> null);
    }

    /**
     * Reads job text, also asking {@code systemProblem} of each side's system why a job cannot use it (it does
     * not exist, it has no record access), or null when it can; its answer is a problem at that side's
     * {@code system}.
     */
    public static Result read(String fileName, String text, Function<String, String> systemProblem) {
        SourceDocument doc = SourceDocument.parse(fileName, text);
        if (doc.root() == null) {
            return new Result(null, doc.problems());
        }
        SyncJob job = new SyncJobReader(doc, systemProblem).job(doc.root());
        List<Problem> problems = doc.problems();
        return problems.isEmpty() ? new Result(job, problems) : new Result(null, problems);
    }

    private SyncJob job(JsonNode root) {
        if (!root.isObject()) {
            doc.problem("", "a sync job is an object with kind: sync, id, left, right and mapping");
            return null;
        }
        fields.unknown(root, "", TOP);
        String kind = root.path("kind").asText(null);
        if (!KIND.equals(kind)) {
            if (root.has("kind")) {
                doc.problem("/kind", "must be 'sync' in a sync job file, but was " + root.get("kind"));
            } else {
                doc.missing("", "kind", "kind: sync is missing: a sync job file says what it is");
            }
        }
        String id = fields.text(root, "", "id", true);
        if (id != null && !ID.matcher(id).matches()) {
            doc.problem("/id", "must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, but was '" + id + "'");
        }
        String description = fields.text(root, "", "description", false);
        SideSpec left = side(root, "left");
        SideSpec right = side(root, "right");
        Direction direction = Direction.LEFT_TO_RIGHT;
        String d = fields.text(root, "", "direction", false);
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
        ConflictPolicy conflicts = rules.conflicts(root, direction, left, right, mapping[0]);
        DeletePolicy deletes = rules.deletes(root);
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
        SyncSchedule schedule = rules.schedule(root);
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
        fields.unknown(side, at, SIDE);
        String system = fields.text(side, at, "system", true);
        String unusable = system == null ? null : systemProblem.apply(system);
        if (unusable != null) {
            doc.problem(at + "/system", unusable);
        }
        String type = fields.text(side, at, "type", true);
        List<String> key = fields.names(side, at, "key", true);
        String cursor = null;
        boolean events = false;
        JsonNode changes = side.get("changes");
        if (changes != null) {
            if (changes.isTextual() && changes.textValue().equals("scan")) {
                cursor = null;
            } else if (changes.isTextual() && changes.textValue().equals("events")) {
                events = true;
            } else if (changes.isObject()) {
                fields.unknown(changes, at + "/changes", Set.of("cursor"));
                cursor = fields.text(changes, at + "/changes", "cursor", true);
                if (cursor != null && !FieldReader.NAME.matcher(cursor).matches()) {
                    doc.problem(at + "/changes/cursor", "must be a field name, but was '" + cursor + "'");
                }
            } else {
                doc.problem(at + "/changes", "must be {cursor: <modified-at field>}, 'scan' (compare every"
                        + " record by its content) or 'events' (the keys of changed records are posted to the"
                        + " job), but was " + changes);
            }
        }
        List<String> match = List.of();
        JsonNode m = side.get("match");
        if (m != null) {
            if (!m.isObject()) {
                doc.problem(at + "/match", "must be {by: [fields]}, but was " + m);
            } else {
                fields.unknown(m, at + "/match", Set.of("by"));
                List<String> by = fields.names(m, at + "/match", "by", true);
                match = by == null ? List.of() : by;
            }
        }
        if (system == null || type == null || key == null) {
            return null;
        }
        return new SideSpec(system, type, key, cursor, match, events);
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
        fields.unknown(mapping, "/mapping", Set.of("toRight", "toLeft"));
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
            if (!FieldReader.NAME.matcher(f.getKey()).matches()) {
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

}
