package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.TraceContext;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.flow.Step;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;

/**
 * Runs the effects of call steps on virtual threads, outside any transaction, and posts their results
 * to the execution's mailbox. The idempotency key is the execution id and the step path: the same for
 * every attempt and every re-run after a crash, so a target that honours it sees one effect.
 */
final class Effects {
    static final Duration TIMEOUT_GRACE = Duration.ofSeconds(1);
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Effects.class);

    private final Worker worker;
    private final String executionId;
    private final String tenant;
    private final BlockingQueue<Result> mailbox;

    Effects(Worker worker, String tenant, String executionId, BlockingQueue<Result> mailbox) {
        this.tenant = tenant;
        this.worker = worker;
        this.executionId = executionId;
        this.mailbox = mailbox;
    }

    record Launch(Step.Call step, String path, int attempt, Call call) {
    }

    record Result(Step step, String path, int attempt, JsonNode output, ConnectorException failure) {
    }

    static String idempotencyKey(String executionId, String path) {
        return executionId + ":" + path;
    }

    /**
     * Bounds a call by its timeout even when the connector ignores it: the watchdog waits for the call's
     * thread for the timeout (and a grace), then interrupts it and waits a little more, so that a retry
     * does not start while the previous attempt still runs; only then does it report {@code step.timeout}.
     * A result posted first wins; the later one is ignored. The watchdog ends as soon as the call does.
     */
    private void watch(Launch l, Thread call, java.util.concurrent.atomic.AtomicBoolean timedOut) {
        Duration limit = l.call().timeout().plus(TIMEOUT_GRACE);
        Thread.ofVirtual().name("weft-timeout-" + executionId + "-" + l.path()).start(() -> {
            LogContext.step(executionId, l.path());
            try {
                if (call.join(limit)) {
                    return;
                }
                timedOut.set(true);
                l.call().cancellation().cancel("the step's timeout of " + l.call().timeout() + " passed");
                call.interrupt();
                if (call.join(INTERRUPT_GRACE)) {
                    return; // the call ended on the interrupt and reported the timeout itself
                } else {
                    LOG.warn(
                            "operation '{}' ignored its timeout, its cancellation and an interrupt (execution {},"
                                    + " step {}); a retry may overlap with it",
                            l.call().operation(), executionId, l.path());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            mailbox.add(timeout(l));
        });
    }

    private static Result timeout(Launch l) {
        return new Result(l.step(), l.path(), l.attempt(), null, ConnectorException.retryable("step.timeout",
                "step '" + l.step().id() + "' did not finish within its timeout of "
                        + l.call().timeout(),
                null, null));
    }

    Launch prepare(Step.Call step, String path, int attempt, JsonNode input) {
        Duration timeout = step.common().timeout() != null
                ? step.common().timeout()
                : worker.settings().defaultStepTimeout();
        Call call = new Call(step.operation(), input, idempotencyKey(executionId, path), timeout,
                new Cancellation(), TraceContext.forExecution(executionId));
        return new Launch(step, path, attempt, call);
    }

    void launch(Launch l) {
        var timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        Thread call = Thread.ofVirtual().name("weft-call-" + executionId + "-" + l.path()).unstarted(() -> {
            LogContext.step(executionId, l.path());
            Result r;
            worker.callStarted(executionId, l.call().cancellation());
            try {
                r = invoke(l);
            } finally {
                worker.callEnded(executionId, l.call().cancellation());
            }
            // Cut off by the watchdog: whatever failure the interrupt caused, it is the timeout.
            mailbox.add(timedOut.get() && r.failure() != null ? timeout(l) : r);
        });
        call.start();
        watch(l, call, timedOut);
    }

    private Result invoke(Launch l) {
        try {
            JsonNode out = worker.calls().call(tenant, l.step().system(), l.call());
            return new Result(l.step(), l.path(), l.attempt(), out, null);
        } catch (ConnectorException e) {
            return new Result(l.step(), l.path(), l.attempt(), null, e);
        } catch (RuntimeException e) {
            // A connector bug must not take the execution down with it; report it as a step failure
            // without the exception text, which might echo input.
            return new Result(l.step(), l.path(), l.attempt(), null, ConnectorException.permanent(
                    "connector.crashed", "operation '" + l.call().operation() + "' failed unexpectedly ("
                            + e.getClass().getSimpleName() + ")",
                    null, e));
        }
    }
}
