package dev.weft.engine.internal;

import org.slf4j.MDC;

/**
 * The logging context (SLF4J MDC) of the thread driving an execution or running one of its calls, so that
 * every log line written for an execution carries its id (see {@code log.format: json} in the server).
 * Each of those threads is a virtual thread of its own, so the context is set once when it starts.
 */
final class LogContext {
    static final String EXECUTION_ID = "executionId";
    static final String FLOW = "flow";
    static final String STEP = "step";

    private LogContext() {
    }

    static void execution(String executionId, String flow) {
        MDC.put(EXECUTION_ID, executionId);
        MDC.put(FLOW, flow);
    }

    static void step(String executionId, String step) {
        MDC.put(EXECUTION_ID, executionId);
        MDC.put(STEP, step);
    }

    static void clear() {
        MDC.remove(EXECUTION_ID);
        MDC.remove(FLOW);
        MDC.remove(STEP);
    }
}
