package dev.weft.engine.schedule;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Cron expressions as users write them: nicknames, field counts, and what is wrong with a bad one. */
final class CronText {
    static final String EXAMPLE = "\"0 9 * * *\" (09:00 every day)";
    static final String FIELDS = "minute hour day-of-month month day-of-week";
    private static final Map<String, String> NICKNAMES = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final String[] FIELD_NAMES = FIELDS.split(" ");
    private static final String PARSER_PREFIX = "Failed to parse cron expression. ";

    private CronText() {
    }

    /** Single spaces between fields, so that spacing does not change a schedule's identity. */
    static String normalize(String cron) {
        return cron.strip().replaceAll("\\s+", " ");
    }

    /** The 5-field expression a nickname such as {@code @daily} stands for, or the expression itself. */
    static String expand(String cron) {
        String normal = normalize(cron);
        return NICKNAMES.getOrDefault(normal.toLowerCase(Locale.ROOT), normal);
    }

    /** What is wrong with the expression, or null when it parses and fires at least once. */
    static String problem(String cron) {
        String normal = normalize(cron);
        if (normal.startsWith("@") && !NICKNAMES.containsKey(normal.toLowerCase(Locale.ROOT))) {
            return "unknown nickname '" + normal + "'; use one of " + String.join(", ",
                    new TreeSet<>(NICKNAMES.keySet())) + ", or 5 fields (" + FIELDS + ") such as "
                    + EXAMPLE;
        }
        String expression = expand(normal);
        String[] fields = expression.isEmpty() ? new String[0] : expression.split(" ");
        if (fields.length == 6 || fields.length == 7) {
            return "'" + normal + "' has " + fields.length + " fields, but schedules take 5 (" + FIELDS
                    + "), to the minute: seconds and years (Quartz style) are not supported; such as "
                    + EXAMPLE;
        }
        if (fields.length != 5) {
            return "'" + normal + "' has " + fields.length + " field" + (fields.length == 1 ? "" : "s")
                    + ", but a cron expression has 5 (" + FIELDS + "), such as " + EXAMPLE;
        }
        for (int i = 0; i < 5; i++) {
            String wrong = fieldProblem(fields, i);
            if (wrong != null) {
                return "'" + normal + "': the " + FIELD_NAMES[i] + " field '" + fields[i] + "' is invalid: "
                        + wrong + ". Fields: " + FIELDS + ", such as " + EXAMPLE;
            }
        }
        try {
            CronSlots.UNIX.parse(expression);
        } catch (IllegalArgumentException e) {
            return "'" + normal + "' is not a valid cron expression: " + reason(e) + ". Fields: " + FIELDS
                    + ", such as " + EXAMPLE;
        }
        // A date that never comes (30 February) parses but would never fire: say so now, not never.
        ZonedDateTime leapYearStart = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        if (CronSlots.of(expression, ZoneOffset.UTC).next(leapYearStart.toInstant()).isEmpty()) {
            return "'" + normal + "' never fires: no date matches its day-of-month and month fields";
        }
        return null;
    }

    /** The parser's complaint about field {@code index} alone, the others being {@code *}. */
    private static String fieldProblem(String[] fields, int index) {
        String[] probe = {"*", "*", "*", "*", "*"};
        probe[index] = fields[index];
        try {
            CronSlots.UNIX.parse(String.join(" ", probe));
            return null;
        } catch (IllegalArgumentException e) {
            return reason(e);
        }
    }

    private static String reason(IllegalArgumentException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.startsWith(PARSER_PREFIX) ? m.substring(PARSER_PREFIX.length()) : m;
        m = m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
}
