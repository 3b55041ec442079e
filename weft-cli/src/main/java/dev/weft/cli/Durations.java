package dev.weft.cli;

import java.time.Duration;

/** Durations on the command line, in Weft's one duration syntax ({@link dev.weft.connector.Durations}). */
final class Durations {
    private Durations() {
    }

    /** Reads {@code text}; throws {@link IllegalArgumentException} (exit 2) naming {@code option} otherwise. */
    static Duration parse(String option, String text) {
        return dev.weft.connector.Durations.parse(text).orElseThrow(() -> new IllegalArgumentException(
                option + " must be " + dev.weft.connector.Durations.EXPECTED + ", but was '" + text + "'"));
    }
}
