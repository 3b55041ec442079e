package dev.weft.connector.mqtt;

import dev.weft.connector.Inputs;
import dev.weft.connector.ConnectorException;
import java.nio.charset.StandardCharsets;

/** Checks topic names (for publishing) and topic filters (for subscribing) as MQTT 3.1.1 defines them. */
final class Topics {
    private static final int MAX_BYTES = 65535;

    private Topics() {
    }

    /** A topic to publish to: not empty, no wildcards, no NUL, not a {@code $} topic of the broker's. */
    static String name(String topic, Inputs inputs, String field) throws ConnectorException {
        common(topic, inputs, field);
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw inputs.invalid(field, "must not contain the wildcards '+' or '#' when publishing, but was '"
                    + topic + "': name one topic, for example \"sensors/kitchen/temperature\"");
        }
        if (topic.startsWith("$")) {
            throw inputs.invalid(field, "must not start with '$' (topics such as $SYS are the broker's own),"
                    + " but was '" + topic + "'");
        }
        return topic;
    }

    /**
     * A filter to subscribe to: {@code +} only as a whole level, {@code #} only as the whole last level
     * (MQTT 3.1.1, 4.7.1).
     */
    static String filter(String filter, Inputs inputs, String field) throws ConnectorException {
        common(filter, inputs, field);
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.equals("+") || level.equals("#");
            if (!wildcard && (level.indexOf('+') >= 0 || level.indexOf('#') >= 0)) {
                throw inputs.invalid(field, "has a wildcard inside level '" + level + "' of '" + filter
                        + "': '+' and '#' must stand for a whole level, as in \"sensors/+/temperature\"");
            }
            if (level.equals("#") && i != levels.length - 1) {
                throw inputs.invalid(field, "has '#' before its last level in '" + filter + "': '#' may only"
                        + " end a filter, as in \"sensors/#\"");
            }
        }
        if (filter.startsWith("$share/")) {
            throw inputs.invalid(field, "must not start with $share/: give the group as sharedGroup instead");
        }
        return filter;
    }

    private static void common(String topic, Inputs inputs, String field) throws ConnectorException {
        if (topic.isEmpty()) {
            throw inputs.invalid(field, "must not be empty");
        }
        if (topic.indexOf('\u0000') >= 0) {
            throw inputs.invalid(field, "must not contain the NUL character");
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw inputs.invalid(field, "must be at most " + MAX_BYTES + " bytes long (UTF-8)");
        }
    }
}
