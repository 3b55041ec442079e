package dev.weft.engine.schedule;

import dev.weft.connector.Suggestions;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.schedule.ScheduleSpec.FieldProblem;
import dev.weft.engine.schedule.ScheduleSpec.Parsed;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads one schedule trigger object into a {@link ScheduleSpec}, collecting every problem. */
final class SpecReader {
    private final String path;
    private final JsonNode config;
    private final List<FieldProblem> problems = new ArrayList<>();

    SpecReader(String path, JsonNode config) {
        this.path = path;
        this.config = config;
    }

    Parsed read() {
        if (config == null || !config.isObject()) {
            problems.add(new FieldProblem(path, "cron", "a schedule trigger must be an object with a 'cron'"
                    + " such as " + CronText.EXAMPLE + ", but was " + describe(config)));
            return new Parsed(Optional.empty(), problems);
        }
        unknownFields();
        String cron = cron();
        ZoneId zone = zone();
        Misfire misfire = misfire();
        if (!problems.isEmpty()) {
            return new Parsed(Optional.empty(), problems);
        }
        return new Parsed(Optional.of(new ScheduleSpec(cron, zone, misfire)), List.of());
    }

    private void unknownFields() {
        for (String name : (Iterable<String>) config::fieldNames) {
            if (!ScheduleSpec.FIELDS.contains(name)) {
                problems.add(new FieldProblem(path, name, "unknown field '" + name + "' of a schedule trigger"
                        + Suggestions.didYouMean(name, ScheduleSpec.FIELDS) + " Fields: "
                        + String.join(", ", ScheduleSpec.FIELDS)));
            }
        }
    }

    private String cron() {
        JsonNode v = config.get("cron");
        if (v == null || v.isNull()) {
            problems.add(new FieldProblem(path, "cron",
                    "required: a cron expression such as " + CronText.EXAMPLE));
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new FieldProblem(path, "cron", "must be a cron expression in quotes such as "
                    + CronText.EXAMPLE + ", but was " + describe(v)));
            return null;
        }
        String problem = CronText.problem(v.textValue());
        if (problem != null) {
            problems.add(new FieldProblem(path, "cron", problem));
            return null;
        }
        return v.textValue();
    }

    private ZoneId zone() {
        JsonNode v = config.get("timezone");
        if (v == null || v.isNull()) {
            return ScheduleSpec.DEFAULT_ZONE;
        }
        String id = v.isTextual() ? v.textValue().strip() : null;
        if (id != null && ZoneId.getAvailableZoneIds().contains(id)) {
            return ZoneId.of(id);
        }
        String fix = "use an IANA time zone id such as Europe/Berlin, America/New_York or UTC";
        if (id == null) {
            problems.add(new FieldProblem(path, "timezone", "must be a string: " + fix + ", but was "
                    + describe(v)));
            return null;
        }
        String sameLetters = ZoneId.getAvailableZoneIds().stream().filter(z -> z.equalsIgnoreCase(id))
                .findFirst().orElse(null);
        if (sameLetters != null) {
            problems.add(new FieldProblem(path, "timezone", "unknown time zone '" + id + "'; did you mean '"
                    + sameLetters + "'? Zone ids are case-sensitive"));
        } else if (isOffset(id)) {
            problems.add(
                    new FieldProblem(path, "timezone", "'" + id + "' is a fixed UTC offset, which ignores"
                            + " daylight saving time; " + fix));
        } else {
            problems.add(new FieldProblem(path, "timezone", "unknown time zone '" + id + "'; " + fix));
        }
        return null;
    }

    private Misfire misfire() {
        JsonNode v = config.get("misfire");
        if (v == null || v.isNull()) {
            return Misfire.DEFAULT;
        }
        Optional<Misfire> m = v.isTextual() ? Misfire.of(v.textValue().strip()) : Optional.empty();
        if (m.isEmpty()) {
            problems.add(new FieldProblem(path, "misfire", "must be one of " + Arrays.stream(Misfire.values())
                    .map(Misfire::text).collect(Collectors.joining(", ")) + " (what to do about slots missed"
                    + " while no node was running; default " + Misfire.DEFAULT.text() + "), but was "
                    + describe(v)));
        }
        return m.orElse(null);
    }

    private static boolean isOffset(String id) {
        try {
            ZoneId.of(id);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "the string \"" + v.textValue() + "\"";
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        return v.isArray() ? "a list" : "an object";
    }
}
