package dev.weft.connector.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A {@code redis.stream} trigger's configuration. Immutable; {@link #parse} reads it from the flow.
 *
 * @param start where a group created now begins: {@code $} (new entries) or {@code 0} (the whole stream)
 * @param blockMillis how long one XREADGROUP waits for new entries
 * @param claimIdleMillis how long an entry stays pending before it is claimed again, and how often
 *     claiming runs
 */
record StreamConfig(String stream, String group, String consumer, String start, int batch, int blockMillis,
        long claimIdleMillis, String deadLetter) {
    static final int DEFAULT_BATCH = 10;
    static final int DEFAULT_BLOCK_MILLIS = 2_000;
    static final long DEFAULT_CLAIM_IDLE_MILLIS = 60_000;
    /** One name for every subscription of this process: it stays the same while the process lives. */
    static final String PROCESS_CONSUMER = processConsumer();

    StreamConfig {
        require(stream, "stream");
        require(group, "group");
        require(consumer, "consumer");
        require(deadLetter, "deadLetter");
        if (!start.equals("$") && !start.equals("0")) {
            throw new IllegalArgumentException(
                    "start must be \"$\" (new entries only) or \"0\" (the whole stream), but was '" + start
                            + "'");
        }
        if (batch < 1 || batch > 1000) {
            throw new IllegalArgumentException("batch must be between 1 and 1000, but was " + batch);
        }
        if (blockMillis < 1 || blockMillis > 60_000) {
            throw new IllegalArgumentException("block must be between 1 and 60000 (milliseconds), but was "
                    + blockMillis);
        }
        if (claimIdleMillis < 1) {
            throw new IllegalArgumentException(
                    "claimIdle must be at least 1 (milliseconds), but was " + claimIdleMillis);
        }
        if (deadLetter.equals(stream)) {
            throw new IllegalArgumentException("deadLetter must differ from stream ('" + stream
                    + "'): rejected entries would be read again");
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is required: give a non-empty string");
        }
    }

    /** Reads a trigger's configuration; a bad field is a permanent {@code redis.input} error naming it. */
    static StreamConfig parse(JsonNode config) throws ConnectorException {
        String stream = Inputs.text(config, "stream");
        try {
            return new StreamConfig(stream, Inputs.text(config, "group"),
                    Inputs.text(config, "consumer", PROCESS_CONSUMER), Inputs.text(config, "start", "$"),
                    clamped(Inputs.integer(config, "batch", 1, (long) DEFAULT_BATCH)),
                    clamped(Inputs.integer(config, "block", 1, (long) DEFAULT_BLOCK_MILLIS)),
                    Inputs.integer(config, "claimIdle", 1, DEFAULT_CLAIM_IDLE_MILLIS),
                    Inputs.text(config, "deadLetter", stream + ":dead"));
        } catch (IllegalArgumentException e) {
            throw ConnectorException.permanent("redis.input", e.getMessage(), null, null);
        }
    }

    /** Values past the int range stay out of range, so the constructor names them. */
    private static int clamped(long value) {
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    private static String processConsumer() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return "weft-" + host + "-" + ProcessHandle.current().pid();
    }
}
