package dev.weft.connector;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context (https://www.w3.org/TR/trace-context/) for one call: connectors send
 * {@link #traceparent()} to the system called (the {@code traceparent} HTTP header, a message header),
 * so that the system's own traces and logs can be joined to the execution that called it. An
 * execution's trace id is its execution id (a UUID) without the dashes; each attempt of a call is a
 * span of its own. Immutable.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero: this call's span, the parent of the system's
 */
public record TraceContext(String traceId, String spanId) {
    private static final Pattern TRACEPARENT = Pattern
            .compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    public TraceContext {
        if (!TRACE_ID.matcher(traceId).matches() || traceId.equals(ZERO_TRACE)) {
            throw new IllegalArgumentException("a trace id is 32 lower-case hex digits, not all zero");
        }
        if (!SPAN_ID.matcher(spanId).matches() || spanId.equals(ZERO_SPAN)) {
            throw new IllegalArgumentException("a span id is 16 lower-case hex digits, not all zero");
        }
    }

    /**
     * The trace of an execution: its id's hex digits as the trace id (a random one when the id is not a
     * UUID), and a new span.
     */
    public static TraceContext forExecution(String executionId) {
        String hex = executionId.replace("-", "").toLowerCase(Locale.ROOT);
        return TRACE_ID.matcher(hex).matches() && !hex.equals(ZERO_TRACE)
                ? new TraceContext(hex, newSpanId())
                : random();
    }

    /** A new trace with a new span. */
    public static TraceContext random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new TraceContext(hex16(r.nextLong() | 1) + hex16(r.nextLong()), newSpanId());
    }

    /**
     * The trace a {@code traceparent} header names, continued with a new span; empty when the header is
     * absent or malformed (version {@code ff} and all-zero ids are malformed).
     */
    public static Optional<TraceContext> continuing(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var m = TRACEPARENT.matcher(traceparent.strip());
        if (!m.matches() || m.group(1).equals("ff") || m.group(2).equals(ZERO_TRACE)
                || m.group(3).equals(ZERO_SPAN) || m.group(1).equals("00") && m.group(5) != null) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(m.group(2), newSpanId()));
    }

    /** The same trace, a new span: for another attempt of the same call. */
    public TraceContext nextSpan() {
        return new TraceContext(traceId, newSpanId());
    }

    /** The {@code traceparent} header's value: version 00, this span as the parent, sampled. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    private static String newSpanId() {
        return hex16(ThreadLocalRandom.current().nextLong() | 1);
    }

    private static String hex16(long v) {
        String s = Long.toHexString(v);
        return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
    }
}
