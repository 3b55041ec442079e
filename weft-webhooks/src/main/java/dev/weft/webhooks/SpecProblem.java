package dev.weft.webhooks;

import java.util.Objects;

/**
 * One thing wrong with a {@code verify} object. {@code pointer} is the JSON pointer of the offending
 * member, {@code message} names the field (for example {@code verify.scheme: ...}) and what was
 * expected, and never quotes a secret.
 */
public record SpecProblem(String pointer, Kind kind, String message) {
    public SpecProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** Where an editor should put the marker. */
    public enum Kind {
        /** The value at {@code pointer} is wrong. */
        VALUE,
        /** The member name at {@code pointer} is wrong, such as an unknown field. */
        NAME,
        /** The member at {@code pointer} is required but absent: mark its parent object. */
        MISSING
    }
}
