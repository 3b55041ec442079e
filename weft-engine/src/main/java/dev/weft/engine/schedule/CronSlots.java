package dev.weft.engine.schedule;

import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * The instants a 5-field cron expression fires at in a time zone. The expression matches wall-clock
 * minutes; each matching minute is one slot, placed on the time line like this where the zone's offset
 * changes: a minute that does not exist (spring forward) fires once, at the instant it would have had
 * on the old offset (02:30 becomes 03:30 after a one-hour jump); a minute that happens twice (fall
 * back) fires once, at its first occurrence. An expression whose hour field is {@code *} runs on
 * elapsed time instead: it fires at both occurrences of a repeated minute and not at all in a skipped
 * hour, so {@code *}{@code /15 * * * *} stays 15 minutes apart across both changes. Immutable and
 * thread-safe.
 */
public final class CronSlots {
    static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
            com.cronutils.model.CronType.UNIX));
    private static final Duration NEAR = Duration.ofDays(1);
    private static final Duration FIRST_WINDOW = Duration.ofHours(1);

    private final ExecutionTime times;
    private final ZoneRules rules;
    private final ZoneId zone;
    private final boolean elapsed;

    private CronSlots(ExecutionTime times, ZoneId zone, boolean elapsed) {
        this.times = times;
        this.zone = zone;
        this.rules = zone.getRules();
        this.elapsed = elapsed;
    }

    /**
     * The slots of {@code cron} (5 fields: minute hour day-of-month month day-of-week) in {@code zone}.
     *
     * @throws IllegalArgumentException when the expression does not parse; {@link ScheduleSpec#parse}
     *         explains the problem better
     */
    public static CronSlots of(String cron, ZoneId zone) {
        String expression = CronText.expand(cron);
        ExecutionTime times = ExecutionTime.forCron(UNIX.parse(expression));
        return new CronSlots(times, zone, "*".equals(expression.split(" ")[1]));
    }

    /** The first slot strictly after {@code after}, empty when the expression never fires again. */
    public Optional<Instant> next(Instant after) {
        LocalDateTime local = LocalDateTime.ofInstant(after, zone).minus(lookback(after));
        Instant best = null;
        LocalDateTime stop = null;
        while (true) {
            Optional<LocalDateTime> n = nextLocal(local);
            if (n.isEmpty() || stop != null && n.get().isAfter(stop)) {
                return Optional.ofNullable(best);
            }
            local = n.get();
            for (Instant i : instants(local)) {
                if (i.isAfter(after) && (best == null || i.isBefore(best))) {
                    best = i;
                }
            }
            if (best != null && stop == null) {
                ZoneOffsetTransition change = rules.getTransition(local);
                if (change == null) {
                    return Optional.of(best);
                }
                // A minute the clocks skip or repeat can land later on the time line than the minutes
                // after it (a skipped 02:30 lands after 03:00): look on as far as the change reaches.
                stop = local.plus(change.getDuration().abs());
            }
        }
    }

    /**
     * The latest slot at or before {@code at}, given {@code from}, a slot at or before {@code at}: how the
     * scheduler finds the most recent missed slot after a long downtime without walking every one.
     */
    public Instant latestAtOrBefore(Instant at, Instant from) {
        if (from.isAfter(at)) {
            throw new IllegalArgumentException("from must not be after at, but was " + from + " > " + at);
        }
        for (Duration window = FIRST_WINDOW;; window = window.multipliedBy(2)) {
            Instant start = at.minus(window);
            if (!start.isAfter(from)) {
                return walk(from, at);
            }
            Optional<Instant> first = next(start);
            if (first.isPresent() && !first.get().isAfter(at)) {
                return walk(first.get(), at);
            }
        }
    }

    private Instant walk(Instant slot, Instant at) {
        Instant last = slot;
        for (Optional<Instant> n = next(last); n.isPresent() && !n.get().isAfter(at); n = next(last)) {
            last = n.get();
        }
        return last;
    }

    /** The next matching wall-clock minute: evaluated in UTC, where no minute is skipped or repeated. */
    private Optional<LocalDateTime> nextLocal(LocalDateTime after) {
        return times.nextExecution(after.atZone(ZoneOffset.UTC)).map(z -> z.toLocalDateTime());
    }

    private List<Instant> instants(LocalDateTime local) {
        ZoneOffsetTransition change = rules.getTransition(local);
        if (change == null) {
            return List.of(local.atZone(zone).toInstant());
        }
        if (change.isGap()) {
            return elapsed ? List.of() : List.of(local.toInstant(change.getOffsetBefore()));
        }
        Instant first = local.toInstant(change.getOffsetBefore());
        return elapsed ? List.of(first, local.toInstant(change.getOffsetAfter())) : List.of(first);
    }

    /**
     * How far before {@code at}'s wall-clock time a minute can lie and still land after {@code at}: the
     * size of an offset change just before or after it, zero away from any change.
     */
    private Duration lookback(Instant at) {
        Duration most = Duration.ZERO;
        ZoneOffsetTransition t = rules.nextTransition(at.minus(NEAR));
        while (t != null && !t.getInstant().isAfter(at.plus(NEAR))) {
            Duration size = t.getDuration().abs();
            if (Duration.between(t.getInstant(), at).abs().compareTo(size.multipliedBy(2)) <= 0
                    && size.compareTo(most) > 0) {
                most = size;
            }
            t = rules.nextTransition(t.getInstant());
        }
        return most;
    }
}
