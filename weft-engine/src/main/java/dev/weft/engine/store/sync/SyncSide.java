package dev.weft.engine.store.sync;

/** One of a sync job's two systems. */
public enum SyncSide {
    LEFT, RIGHT;

    /** The other side. */
    public SyncSide other() {
        return this == LEFT ? RIGHT : LEFT;
    }

    /** {@code left} or {@code right}, as stored and as the API shows it. */
    public String label() {
        return this == LEFT ? "left" : "right";
    }

    /** The side a label names. */
    public static SyncSide of(String label) {
        return switch (label) {
            case "left" -> LEFT;
            case "right" -> RIGHT;
            default ->
                throw new IllegalArgumentException("a side is 'left' or 'right', but was '" + label + "'");
        };
    }
}
