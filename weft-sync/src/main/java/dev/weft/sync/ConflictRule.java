package dev.weft.sync;

/**
 * How a record (or a field) changed on both sides since the last sync is decided. In a two-way job the
 * source is the left side and the target the right side.
 */
public enum ConflictRule {
    /** The source's version (the left side's in a two-way job). */
    SOURCE_WINS("source_wins"),
    /** The target's version (the right side's in a two-way job). */
    TARGET_WINS("target_wins"),
    /** The version modified last, by each side's modified-at; within the skew tolerance, held for review. */
    NEWEST_WINS("newest_wins"),
    /** Field by field against the last synced version; a field changed on both sides is held for review. */
    MERGE("merge"),
    /** Held for review in the job's conflict queue. */
    MANUAL("manual");

    private final String label;

    ConflictRule(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The rule a label names, or null. */
    public static ConflictRule of(String label) {
        for (ConflictRule r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        return null;
    }

    /** Every label, for messages. */
    public static String labels() {
        return "source_wins, target_wins, newest_wins, merge or manual";
    }
}
