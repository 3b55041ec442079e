package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Invocation;
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

    private final Worker worker;
    private final String executionId;
    private final BlockingQueue<Result> mailbox;

    Effects(Worker worker, String executionId, BlockingQueue<Result> mailbox) {
        this.worker = worker;
        this.executionId = executionId;
        this.mailbox = mailbox;
    }

    record Launch(Step.Call step, String path, int attempt, Connector connector, Invocation invocation) {
    }

    record Result(Step step, String path, int attempt, JsonNode output, ConnectorException failure) {
    }

    static String idempotencyKey(String executionId, String path) {
        return executionId + ":" + path;
    }

    /**
     * A connector that ignores its timeout must not hold the execution forever: shortly after the
     * timeout, a retryable timeout is posted. Whichever result arrives first counts; the other is ignored.
     */
    private void watch(Launch l) {
        Duration grace = l.invocation().timeout().plus(TIMEOUT_GRACE);
        Thread.ofVirtual().name("weft-timeout-" + executionId + "-" + l.path()).start(() -> {
            try {
                Thread.sleep(grace);
            } catch (InterruptedException e) {
                return;
            }
            mailbox.add(new Result(l.step(), l.path(), l.attempt(), null, ConnectorException.retryable(
                    "step.timeout", "step '" + l.step().id() + "' did not finish within its timeout of "
                            + l.invocation().timeout(),
                    null, null)));
        });
    }

    Launch prepare(Step.Call step, String path, int attempt, JsonNode input) {
        Duration timeout = step.common().timeout() != null
                ? step.common().timeout()
                : worker.settings().defaultStepTimeout();
        Invocation invocation = new Invocation(step.operation(), input, idempotencyKey(executionId, path),
                timeout);
        return new Launch(step, path, attempt, worker.connector(step.operation()), invocation);
    }

    void launch(Launch l) {
        watch(l);
        Thread.ofVirtual().name("weft-call-" + executionId + "-" + l.path()).start(() -> {
            Result r;
            try {
                JsonNode out = l.connector().invoke(l.invocation());
                r = new Result(l.step(), l.path(), l.attempt(), out, null);
            } catch (ConnectorException e) {
                r = new Result(l.step(), l.path(), l.attempt(), null, e);
            } catch (RuntimeException e) {
                // A connector bug must not take the execution down with it; report it as a step failure
                // without the exception text, which might echo input.
                r = new Result(l.step(), l.path(), l.attempt(), null, ConnectorException.permanent(
                        "connector.crashed", "connector '" + l.connector().id() + "' failed unexpectedly ("
                                + e.getClass().getSimpleName() + ")",
                        null, e));
            }
            mailbox.add(r);
        });
    }
}
