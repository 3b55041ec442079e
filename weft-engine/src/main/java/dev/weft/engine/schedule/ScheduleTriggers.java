package dev.weft.engine.schedule;

import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Trigger;
import dev.weft.engine.flow.TriggerCheck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The schedule triggers of a flow and their keys. A key is a hash of the cron expression and the time
 * zone, so that editing either starts a fresh schedule (the old one stops, since no trigger has its key
 * any more) while reordering triggers or changing {@code misfire} keeps it. Two identical schedules in
 * one flow get {@code -2}, {@code -3} suffixes. Stateless and thread-safe.
 */
public final class ScheduleTriggers {
    /** The trigger type this package serves. */
    public static final String TYPE = "schedule";

    private ScheduleTriggers() {
    }

    /**
     * One schedule trigger of a flow.
     *
     * @param index its position in the flow's {@code triggers} list, counting from 0
     * @param key the trigger's key in the {@code ScheduleStore}, or null when its settings are invalid
     * @param parsed its settings, or why they are invalid
     */
    public record Entry(int index, String key, ScheduleSpec.Parsed parsed) {
    }

    /**
     * Every {@code schedule} trigger of the flow, in order; those whose settings are invalid have no key
     * (null) and their problems in {@code parsed}.
     */
    public static List<Entry> of(Flow flow) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Trigger> triggers = flow.triggers();
        for (int i = 0; i < triggers.size(); i++) {
            Trigger t = triggers.get(i);
            if (!TYPE.equals(t.type())) {
                continue;
            }
            ScheduleSpec.Parsed parsed = ScheduleSpec.parse("triggers[" + i + "]", t.config());
            String key = parsed.spec().map(s -> {
                String base = key(s);
                int n = seen.merge(base, 1, Integer::sum);
                return n == 1 ? base : base + "-" + n;
            }).orElse(null);
            entries.add(new Entry(i, key, parsed));
        }
        return entries;
    }

    /**
     * The flow validator's check of a schedule trigger's {@code cron}, {@code timezone} and
     * {@code misfire}. A missing or non-string {@code cron} and unknown fields are left to the validator,
     * which reports them for every trigger type.
     */
    public static TriggerCheck check() {
        return trigger -> {
            ScheduleSpec.Parsed parsed = ScheduleSpec.parse("trigger", trigger);
            List<TriggerCheck.Finding> findings = new ArrayList<>();
            for (ScheduleSpec.FieldProblem p : parsed.problems()) {
                boolean validatorsOwn = !ScheduleSpec.FIELDS.contains(p.field())
                        || p.field().equals("cron") && !trigger.path("cron").isTextual();
                if (!validatorsOwn) {
                    findings.add(new TriggerCheck.Finding("/" + p.field(), p.field() + ": " + p.message()));
                }
            }
            return findings;
        };
    }

    /** {@code cron-} and 12 hex digits of SHA-256 over the expression and the zone id. */
    static String key(ScheduleSpec spec) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((spec.cron() + "\n" + spec.zone().getId()).getBytes(StandardCharsets.UTF_8));
            return "cron-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
