package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.sync.ConflictPolicy;
import dev.weft.sync.ConflictRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decides a record changed on both sides since the last sync, by the job's rules. Both versions are compared
 * as the target side's fields (the fields the job's main mapping writes): the source's version is that mapping
 * applied to it, the target's is its own fields. {@code source_wins}, {@code target_wins} and
 * {@code newest_wins} take one side's whole version; {@code merge} takes each field from the side that changed
 * it against the last synced version and holds the record when a field changed on both; {@code manual} holds
 * it. A field with a rule of its own is decided field by field with that rule. Pure and stateless.
 */
final class Resolver {

    /** What to do. */
    enum Outcome {
        /** Both versions have the same content: nothing to write. */
        SAME,
        /** Write {@link Decision#merged()} (to whichever side differs from it). */
        MERGED,
        /** Hold for review; {@link Decision#fields()} are the fields in conflict. */
        HOLD
    }

    /**
     * @param merged the content both sides should have, or null unless MERGED
     * @param fields the fields in conflict (HOLD), or the fields that differed
     */
    record Decision(Outcome outcome, ObjectNode merged, List<String> fields) {
    }

    private Resolver() {
    }

    /**
     * @param source the source's version, as target fields
     * @param target the target's version, as target fields
     * @param base the content both had at the last sync, or null when unknown (a first match, or a job that
     *     keeps none): then every differing field counts as changed on both sides
     * @param sourceModified the source's modified-at, or null when it has none
     * @param targetModified the target's modified-at, or null
     */
    static Decision decide(ConflictPolicy policy, ObjectNode source, ObjectNode target, JsonNode base,
            Instant sourceModified, Instant targetModified) {
        List<String> differing = new ArrayList<>();
        for (Iterator<String> it = source.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!Canonical.same(source.get(f), target.get(f))) {
                differing.add(f);
            }
        }
        if (differing.isEmpty()) {
            return new Decision(Outcome.SAME, null, List.of());
        }
        ConflictRule rule = policy.rule();
        Winner record = switch (rule) {
            case SOURCE_WINS -> Winner.SOURCE;
            case TARGET_WINS -> Winner.TARGET;
            case NEWEST_WINS -> newer(sourceModified, targetModified, policy.skew());
            case MERGE -> Winner.FIELD_BY_FIELD;
            case MANUAL -> Winner.NONE;
        };
        ObjectNode merged = source.deepCopy();
        List<String> held = new ArrayList<>();
        for (String f : differing) {
            boolean changedSource = base == null || !Canonical.same(source.get(f), base.get(f));
            boolean changedTarget = base == null || !Canonical.same(target.get(f), base.get(f));
            boolean both = changedSource && changedTarget;
            ConflictRule own = policy.fields().get(f);
            Winner w;
            if (own != null || record == Winner.FIELD_BY_FIELD) {
                if (!both) {
                    w = changedSource ? Winner.SOURCE : Winner.TARGET;
                } else {
                    w = switch (own == null ? ConflictRule.MERGE : own) {
                        case SOURCE_WINS -> Winner.SOURCE;
                        case TARGET_WINS -> Winner.TARGET;
                        case NEWEST_WINS -> newer(sourceModified, targetModified, policy.skew());
                        case MERGE, MANUAL -> Winner.NONE;
                    };
                }
            } else {
                w = record;
            }
            switch (w) {
                case SOURCE -> merged.set(f, source.get(f));
                case TARGET -> merged.set(f, target.get(f));
                default -> held.add(f);
            }
        }
        if (!held.isEmpty()) {
            return new Decision(Outcome.HOLD, null, held);
        }
        return new Decision(Outcome.MERGED, merged, differing);
    }

    private enum Winner {
        SOURCE, TARGET, FIELD_BY_FIELD, NONE
    }

    /** The side modified last, or NONE when the two are within {@code skew} or one has no time. */
    private static Winner newer(Instant source, Instant target, Duration skew) {
        if (source == null || target == null) {
            return Winner.NONE;
        }
        Duration apart = Duration.between(target, source);
        if (apart.abs().compareTo(skew) <= 0) {
            return Winner.NONE;
        }
        return apart.isNegative() ? Winner.TARGET : Winner.SOURCE;
    }
}
