package dev.weft.connector.kit.changes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Durations;
import dev.weft.connector.Inputs;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How old a change must be before a {@code <connector>.changed} trigger takes it: its {@code settle}
 * configuration. A vendor stamps a record's modified-since time before the change is visible (the transaction
 * that set it commits later, an update task runs later, a search index catches up later); a poll that took
 * the newest records could move its mark past a time whose other records were not visible yet, and those
 * would sort below the mark for good. A trigger asks only for records modified before
 * {@link #bound(Instant, ChronoUnit) now minus settle}, so a time is read once everything stamped with it is
 * visible, and the mark never passes it early. Immutable.
 *
 * @param trigger the trigger's name, for errors: {@code salesforce.changed}
 * @param byDefault the settle when the configuration gives none
 */
public record Settle(String trigger, Duration byDefault) {
    /** The configuration field. */
    public static final String FIELD = "settle";

    public Settle {
        Objects.requireNonNull(trigger, "trigger");
        if (byDefault == null || byDefault.isNegative()) {
            throw new IllegalArgumentException("a default settle is a duration from 0, but was " + byDefault);
        }
    }

    /**
     * The settle a trigger's configuration gives, or the default.
     *
     * @throws ConnectorException permanent, coded {@code <connector>.config}, naming {@code settle} and the
     *     syntax, when it is not a duration from 0
     */
    public Duration read(JsonNode config) throws ConnectorException {
        JsonNode value = config == null ? null : config.get(FIELD);
        if (value == null || value.isNull()) {
            return byDefault;
        }
        Inputs inputs = Inputs.ofTrigger(trigger);
        if (!value.isTextual()) {
            throw inputs.invalid(FIELD, "must be " + Durations.EXPECTED + ", but was " + value);
        }
        return Durations.parse(value.textValue()).filter(d -> !d.isNegative())
                .orElseThrow(() -> inputs.invalid(FIELD, "must be " + Durations.EXPECTED + ", but was '"
                        + value.textValue() + "'"));
    }

    /**
     * The exclusive upper bound of a poll's query: {@code now} minus the configured settle, cut down to
     * {@code precision} (the vendor's time precision, so that a time the vendor writes is either wholly
     * settled or not read at all).
     */
    public Instant bound(JsonNode config, Instant now, ChronoUnit precision) throws ConnectorException {
        return now.minus(read(config)).truncatedTo(precision);
    }

    /** The default as the configuration would write it: {@code 10s}, {@code 2m}, {@code 1h30m}. */
    public String defaultText() {
        return text(byDefault);
    }

    /**
     * The JSON Schema of the {@code settle} property, for a trigger's configuration schema.
     *
     * @param why why the vendor needs it, for the description: "Salesforce sets SystemModstamp before its
     *     transaction commits"
     */
    public String schema(String why) {
        return "{\"type\": \"string\", \"default\": \"" + defaultText() + "\", \"description\": \"how old a"
                + " change must be to be taken, such as 30s or 5m: " + why.replace("\"", "\\\"") + ".\"}";
    }

    static String text(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder s = new StringBuilder();
        long hours = d.toHours();
        if (hours > 0) {
            s.append(hours).append('h');
        }
        if (d.toMinutesPart() > 0) {
            s.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            s.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            s.append(d.toMillisPart()).append("ms");
        }
        return s.toString();
    }
}
