package dev.weft.engine.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A {@code schedule} trigger's settings: {@code cron} (5 fields, minute resolution, or a nickname such
 * as {@code @daily}), {@code timezone} (an IANA zone id, default UTC) and {@code misfire} ({@code skip}
 * or {@code run-once}, default {@code skip}). Immutable and thread-safe.
 *
 * @param cron the expression as written, its spacing normalized
 */
public record ScheduleSpec(String cron, ZoneId zone, Misfire misfire) {
    /** The zone of a trigger that names none. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
    /** The fields a schedule trigger may have. */
    public static final List<String> FIELDS = List.of("type", "description", "cron", "timezone", "misfire");

    public ScheduleSpec {
        if (cron == null) {
            throw new IllegalArgumentException("cron must be a cron expression such as " + CronText.EXAMPLE
                    + ", but was null");
        }
        String problem = CronText.problem(cron);
        if (problem != null) {
            throw new IllegalArgumentException("cron " + problem);
        }
        if (zone == null) {
            throw new IllegalArgumentException(
                    "zone must be a time zone such as Europe/Berlin, but was null");
        }
        if (misfire == null) {
            throw new IllegalArgumentException("misfire must be skip or run-once, but was null");
        }
        cron = CronText.normalize(cron);
    }

    /** The instants this schedule fires at. */
    public CronSlots slots() {
        return CronSlots.of(cron, zone);
    }

    /**
     * Reads a schedule trigger object (as in {@code Trigger.config()}), reporting every problem at once.
     *
     * @param path how the trigger is named in messages, for example {@code triggers[1]}
     */
    public static Parsed parse(String path, JsonNode config) {
        return new SpecReader(path, config).read();
    }

    /** A spec, or the problems that kept it from being one. */
    public record Parsed(Optional<ScheduleSpec> spec, List<FieldProblem> problems) {
        public Parsed {
            problems = List.copyOf(problems);
            if (spec.isPresent() == !problems.isEmpty()) {
                throw new IllegalArgumentException("a parse has a spec or problems, but had " + spec
                        + " and " + problems);
            }
        }

        public boolean ok() {
            return problems.isEmpty();
        }

        /** Each problem as {@code triggers[1].cron: message}. */
        public List<String> messages() {
            return problems.stream().map(FieldProblem::toString).toList();
        }
    }

    /**
     * One thing wrong with a trigger's field.
     *
     * @param path the trigger as the caller named it, such as {@code triggers[1]}
     * @param field the member at fault, such as {@code cron}; the flow validator's JSON pointer is
     *        {@code /triggers/1/} followed by it
     */
    public record FieldProblem(String path, String field, String message) {
        @Override
        public String toString() {
            return path + "." + field + ": " + message;
        }
    }
}
