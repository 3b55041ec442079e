package dev.weft.cli;

import dev.weft.engine.Engine;
import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Waits until the executions a command cares about are settled: ended, waiting for a signal (only a
 * person or another system can move them on), or held by another live process. Timers and retries are
 * waited for, since this process is the one that fires them.
 */
final class Settle {
    private static final Duration POLL = Duration.ofMillis(100);

    private Settle() {
    }

    /** An execution that did not end, and why. */
    record Unfinished(ExecutionRecord execution, String reason) {
    }

    /**
     * Waits until {@code executionId} (or, when null, every unfinished execution in the store) is settled,
     * or the deadline passes; returns those that did not end.
     */
    static List<Unfinished> await(Embedded weft, String executionId, Instant deadline)
            throws InterruptedException {
        while (true) {
            List<Unfinished> unfinished = new ArrayList<>();
            boolean busy = false;
            for (ExecutionRecord e : unfinished(weft, executionId)) {
                String reason = settledReason(weft, e);
                if (reason == null) {
                    busy = true;
                    break;
                }
                unfinished.add(new Unfinished(e, reason));
            }
            if (!busy || (deadline != null && Instant.now().isAfter(deadline))) {
                return unfinished;
            }
            Thread.sleep(POLL);
        }
    }

    private static List<ExecutionRecord> unfinished(Embedded weft, String executionId) {
        if (executionId != null) {
            return weft.client.execution(Embedded.CALLER, executionId).filter(e -> !e.status().terminal())
                    .map(List::of).orElse(List.of());
        }
        return weft.client.executions(Embedded.CALLER, ExecutionQuery.all(Embedded.CALLER.tenant())
                .withStatuses(
                        Set.of(ExecutionStatus.QUEUED, ExecutionStatus.RUNNING, ExecutionStatus.WAITING))
                .withLimit(0));
    }

    /** Why the execution needs nothing from this process, or null when it does. */
    private static String settledReason(Embedded weft, ExecutionRecord e) {
        Engine engine = weft.engine;
        if (engine.isDriving(e.id())) {
            return null;
        }
        Instant now = Instant.now();
        if (engine.heldElsewhere(e)) {
            return "held by another process (" + e.leaseOwner() + ")";
        }
        if (e.status() != ExecutionStatus.WAITING || (e.dueAt() != null && !e.dueAt().isAfter(now))) {
            return null; // running, or due now (a signal arrived, a timer fired): this process claims it
        }
        List<StepRecord> waiting = weft.client.steps(Embedded.CALLER, e.id()).stream()
                .filter(s -> s.status() == StepStatus.WAITING).toList();
        if (!waiting.isEmpty() && waiting.stream().allMatch(s -> "await".equals(s.type()))) {
            return "waiting for signal(s) at "
                    + String.join(", ", waiting.stream().map(StepRecord::path).toList());
        }
        return null;
    }
}
