package dev.weft.engine.schedule;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a schedule does about slots missed by more than the scheduler's grace, for example while every
 * node was down: {@code skip} fires none of them, {@code run-once} fires one execution for the most
 * recent. Either way the schedule then goes on from the next future slot.
 */
public enum Misfire {
    SKIP("skip"), RUN_ONCE("run-once");

    /** The policy when a trigger names none. */
    public static final Misfire DEFAULT = SKIP;

    private final String text;

    Misfire(String text) {
        this.text = text;
    }

    /** The policy as written in a trigger, such as {@code run-once}. */
    public String text() {
        return text;
    }

    /** The policy written {@code text}, empty when there is none of that name. */
    public static Optional<Misfire> of(String text) {
        return Arrays.stream(values()).filter(m -> m.text.equals(text)).findFirst();
    }
}
