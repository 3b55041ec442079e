package dev.weft.sync;

import dev.weft.engine.store.sync.SyncSide;

/** Which way a job copies records: one way, or both ways with conflict rules. */
public enum Direction {
    LEFT_TO_RIGHT("left_to_right"), RIGHT_TO_LEFT("right_to_left"), BOTH("both");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether records are copied from {@code side} to the other. */
    public boolean from(SyncSide side) {
        return this == BOTH || (side == SyncSide.LEFT) == (this == LEFT_TO_RIGHT);
    }

    /** The direction a label names, or null. */
    public static Direction of(String label) {
        for (Direction d : values()) {
            if (d.label.equals(label)) {
                return d;
            }
        }
        return null;
    }
}
