package dev.weft.connector.kit.changes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * What a trigger's mark is in JSON and how two marks compare. A connector turns its vendor's field into a
 * mark of one of these kinds before it hands a record to {@link ChangeCursor}.
 */
public enum MarkOrder {
    /** A JSON number, such as Unix seconds or milliseconds: {@code 1796551200}. */
    NUMBER("a number, such as 1796551200") {
        @Override
        boolean fits(JsonNode mark) {
            return mark.isNumber();
        }

        @Override
        int order(JsonNode a, JsonNode b) {
            return a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong()
                    && b.canConvertToLong()
                            ? Long.compare(a.longValue(), b.longValue())
                            : a.decimalValue().compareTo(b.decimalValue());
        }
    },
    /**
     * Text that sorts as it reads, compared character by character: a local time such as
     * {@code 2026-12-06 10:00:00.123456}, in one zone and one layout.
     */
    TEXT("a string, such as \"2026-12-06 10:00:00\"") {
        @Override
        boolean fits(JsonNode mark) {
            return mark.isTextual();
        }

        @Override
        int order(JsonNode a, JsonNode b) {
            return a.textValue().compareTo(b.textValue());
        }
    },
    /**
     * An ISO-8601 time with its offset ({@code 2026-12-06T10:00:00Z}, {@code 2026-12-06T11:00:00.5+01:00}),
     * compared as the instant it names: two spellings of one instant are one mark. Kept as written.
     */
    TIME("an ISO-8601 time with its offset, such as \"2026-12-06T10:00:00Z\"") {
        @Override
        boolean fits(JsonNode mark) {
            return mark.isTextual() && instant(mark.textValue()) != null;
        }

        @Override
        int order(JsonNode a, JsonNode b) {
            return instant(a.textValue()).compareTo(instant(b.textValue()));
        }
    };

    private final String expected;

    MarkOrder(String expected) {
        this.expected = expected;
    }

    /** What a mark of this kind looks like, for messages. */
    public String expected() {
        return expected;
    }

    /** Whether {@code mark} is a mark of this kind. */
    abstract boolean fits(JsonNode mark);

    /** Negative, zero or positive as {@code a} is before, at or after {@code b}; both must fit. */
    abstract int order(JsonNode a, JsonNode b);

    /** Compares two marks of this kind; an argument that does not fit is a programming error. */
    public int compare(JsonNode a, JsonNode b) {
        check(a);
        check(b);
        return order(a, b);
    }

    void check(JsonNode mark) {
        if (mark == null || !fits(mark)) {
            throw new IllegalArgumentException("a mark must be " + expected + ", but was " + mark);
        }
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }
}
