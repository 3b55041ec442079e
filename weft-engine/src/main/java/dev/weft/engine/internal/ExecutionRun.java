package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.expr.Scope;
import dev.weft.engine.flow.Step;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one claimed execution on its own (virtual) thread: plan, commit the decisions, run effects,
 * commit their results, until the execution ends or has nothing to do but wait, when it releases its
 * lease. Every state change is committed before anything that depends on it starts; a call's effect
 * starts only after its RUNNING record is durable.
 */
final class ExecutionRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRun.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Worker worker;
    private final ExecutionState state;
    private final Scope base;
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final BlockingQueue<Effects.Result> mailbox = new LinkedBlockingQueue<>();
    private final Effects effects;
    private final StepStarts starts;
    private long leaseVersion;
    /**
     * Set while the execution's row is not inserted yet ({@link Worker#createAndRun}): completed by the first
     * commit, which inserts it, with whether it was inserted.
     */
    private CompletableFuture<Boolean> creating;

    ExecutionRun(Worker worker, ExecutionState state, CompletableFuture<Boolean> creation) {
        this.worker = worker;
        this.creating = creation;
        this.state = state;
        this.leaseVersion = state.record.leaseVersion();
        this.base = worker.baseScope(state.record);
        this.effects = new Effects(worker, state.record.tenantId(), state.record.id(), mailbox);
        this.starts = new StepStarts(worker, state, effects);
    }

    String id() {
        return state.id();
    }

    @Override
    public void run() {
        LogContext.execution(id(), state.record.namespace() + "/" + state.record.flowId());
        try {
            drive();
        } catch (NotCreated e) {
            LOG.debug("execution {} exists already; this start of it ends here", id());
        } catch (LostLease e) {
            var now = worker.store().execution(state.record.tenantId(), id());
            LOG.warn(
                    "execution {} was taken over (this run held lease version {}, the store has {} held by {}); "
                            + "this worker stops driving it",
                    id(), leaseVersion, now.map(ExecutionRecord::leaseVersion).orElse(-1L),
                    now.map(ExecutionRecord::leaseOwner).orElse("nobody"));
        } catch (RuntimeException e) {
            if (creating != null) {
                createInstead(e);
                return;
            }
            // Nothing is lost: the execution is handed back and resumes from its last commit.
            if (worker.closed()) {
                LOG.debug("execution {} stopped by shutdown; it resumes from its last commit", id(), e);
                return;
            }
            LOG.error("driving execution {} failed; it resumes from its last committed step", id(), e);
            worker.releaseAfterFailure(state.record, leaseVersion);
        } catch (InterruptedException e) {
            if (creating != null) {
                createInstead(e);
            }
            Thread.currentThread().interrupt();
        } catch (Error e) {
            if (creating != null) {
                createInstead(e); // a caller waits on it: never leave it waiting
            }
            throw e;
        } finally {
            worker.runEnded(this);
            LogContext.clear();
        }
    }

    /**
     * The run failed before its first commit inserted the execution: insert it unowned, for a claim to drive
     * (here or on another node), and tell the caller waiting in {@link Worker#createAndRun} how that went.
     */
    private void createInstead(Throwable cause) {
        CompletableFuture<Boolean> creation = creating;
        creating = null;
        LOG.error("execution {} failed before its first commit; it is queued for a claim", id(), cause);
        try {
            // The first commit may have been made although it reported a failure (a connection lost while it
            // committed): then the row is here, this run's, and its lease expiring hands it to a claim.
            ExecutionRecord there = worker.store().execution(state.record.tenantId(), id()).orElse(null);
            if (there != null) {
                creation.complete(worker.owner().equals(there.leaseOwner())
                        && there.createdAt().equals(state.record.createdAt()));
                return;
            }
            creation.complete(worker.createUnowned(state.record));
        } catch (RuntimeException e) {
            e.addSuppressed(cause);
            creation.completeExceptionally(e);
        }
    }

    private void drive() throws InterruptedException {
        // A wake-up (a child ended) is consumed in the commit that acts on it, the first plan's: consumed alone
        // and then handed back by a stopping engine, it would be gone while its news was only in memory, and the
        // parent would look at its child only at its next subflow poll.
        List<Long> wakes = state.signals.stream().filter(s -> Worker.WAKE_SIGNAL.equals(s.name()))
                .map(SignalRecord::seq).toList();
        state.childEnded = !wakes.isEmpty();
        Writes carried = null;
        while (true) {
            Writes writes = carried != null ? carried : new Writes(state);
            carried = null;
            Effects.Result done;
            while ((done = mailbox.poll()) != null) {
                absorb(done, writes);
            }
            if (!writes.isEmpty()) {
                if (!inFlight.isEmpty() || writes.hasPayloads()) {
                    commit(writes);
                    continue;
                }
                // No call is running: the results go into one commit with what they lead to (below).
                writes.applyTo(state);
            }
            Instant now = worker.clock().instant();
            if (worker.draining() && inFlight.isEmpty()) {
                handBack(now, writes);
                return;
            }
            Plan plan = Planner.plan(state, base, now, inFlight.keySet(),
                    worker.settings().defaultStepTimeout());
            state.childEnded = false;
            if (!wakes.isEmpty()) {
                wakes.forEach(writes::consumeSignal);
                wakes = List.of();
            }
            if (plan.unwinding() && !inFlight.isEmpty()) {
                // A sibling's call is still running: record its result before compensating or ending.
                Writes results = new Writes(state);
                absorb(mailbox.take(), results);
                if (!results.isEmpty()) {
                    commit(results);
                }
                continue;
            }
            if (plan.terminal() != null) {
                finish(plan.terminal(), now, writes);
                return;
            }
            List<Effects.Launch> launches = new ArrayList<>();
            for (Action action : plan.actions()) {
                act(action, now, writes, launches);
            }
            // Steps that need no call (a transform, a switch) go into one commit with what they lead to: the
            // next steps of the same kind, the start of the next call (still committed before its request
            // leaves), or the execution's end. A few rounds at most, so that a long run of such steps (a
            // large foreach) still commits as it goes. (Applying the records before the commit is safe: if
            // the commit fails, this run stops and the state is dropped.)
            for (int round = 0; round < MERGED_ROUNDS && !writes.isEmpty() && !writes.hasPayloads()
                    && launches.isEmpty() && inFlight.isEmpty(); round++) {
                writes.applyTo(state);
                Plan after = Planner.plan(state, base, now, inFlight.keySet(),
                        worker.settings().defaultStepTimeout());
                if (after.terminal() != null) {
                    finish(after.terminal(), now, writes);
                    return;
                }
                if (after.unwinding() || after.actions().isEmpty()) {
                    break;
                }
                int before = writes.size();
                for (Action action : after.actions()) {
                    act(action, now, writes, launches);
                }
                if (writes.size() == before && launches.isEmpty()) {
                    break;
                }
            }
            if (!writes.isEmpty()) {
                commit(writes);
            }
            for (Effects.Launch launch : launches) {
                inFlight.put(launch.path(), launch.attempt());
                effects.launch(launch);
            }
            if (writes.isEmpty() && launches.isEmpty()) {
                if (inFlight.isEmpty()) {
                    park(plan, now);
                    return;
                }
                // Calls are in flight; meanwhile a sibling's timer may fall due or a signal arrive.
                Effects.Result result = mailbox.poll(waitWhileInFlight(plan, now).toNanos(),
                        java.util.concurrent.TimeUnit.NANOSECONDS);
                if (result == null) {
                    if (plan.awaitingSignal()) {
                        reloadSignals();
                    }
                    continue;
                }
                Writes results = new Writes(state);
                absorb(result, results);
                if (!results.isEmpty()) {
                    if (inFlight.isEmpty() && !results.hasPayloads()) {
                        carried = results; // the last call's result: committed with what it leads to
                        continue;
                    }
                    commit(results);
                }
            }
        }
    }

    private static final java.time.Duration IDLE_REPLAN = java.time.Duration.ofMinutes(1);
    /** How many rounds of call-free steps one commit may carry. */
    private static final int MERGED_ROUNDS = 8;

    /** How long to wait for a call's result before planning again for what else may have become due. */
    private java.time.Duration waitWhileInFlight(Plan plan, Instant now) {
        java.time.Duration wait = IDLE_REPLAN;
        if (plan.earliestDue() != null) {
            java.time.Duration untilDue = java.time.Duration.between(now, plan.earliestDue());
            wait = untilDue.isNegative()
                    ? java.time.Duration.ZERO
                    : untilDue.compareTo(wait) < 0 ? untilDue : wait;
        }
        java.time.Duration signalPoll = worker.settings().pollInterval().multipliedBy(5);
        if (plan.awaitingSignal() && signalPoll.compareTo(wait) < 0) {
            wait = signalPoll;
        }
        return wait;
    }

    /** Signals that arrived while this run held the execution (the store's wake-up skips held rows). */
    private void reloadSignals() {
        var fresh = worker.store().signals(state.record.tenantId(), id());
        state.signals.clear();
        state.signals.addAll(fresh);
    }

    private void act(Action action, Instant now, Writes writes, List<Effects.Launch> launches) {
        switch (action) {
            case Action.Start s ->
                starts.start(s.step(), s.path(), s.scope(), s.attempt(), now, writes, launches);
            case Action.Rerun r -> rerun(r, now, writes, launches);
            case Action.Complete c -> {
                if (c.signalSeq() >= 0 && writes.consumes(c.signalSeq())) {
                    return; // another await took this signal in this same transition; this one waits on
                }
                StepRecord prev = state.steps.get(c.path());
                // A timer keeps its due time in the history: when it was due, next to when it fired.
                writes.put(c.step(), c.path(), StepStatus.SUCCEEDED, attemptOf(prev), c.output(), null,
                        startedAt(prev, now), now, prev == null ? null : prev.dueAt());
                if (c.signalSeq() >= 0) {
                    writes.consumeSignal(c.signalSeq());
                }
            }
            case Action.Fail f -> {
                StepRecord prev = state.steps.get(f.path());
                writes.failed(f.step(), f.path(), attemptOf(prev), f.error(), startedAt(prev, now), now);
            }
            case Action.CheckChild c -> checkChild(c, now, writes);
            case Action.Begin b -> begin(b, now, writes, launches);
        }
    }

    /**
     * Starts a sub-step the planner made (an agent's turn, tool call or approval) with the input it worked
     * out; a call cut off by a crash ends as interrupted first and runs again with the same idempotency key.
     */
    private void begin(Action.Begin b, Instant now, Writes writes, List<Effects.Launch> launches) {
        StepRecord cut = b.interrupted();
        if (cut != null) {
            writes.attemptEnded(b.step().id(), b.step().type(), b.path(), cut.attempt(),
                    StepAttempt.Outcome.INTERRUPTED, cut.startedAt(), now, INTERRUPTED, true);
        }
        if (b.step() instanceof Step.Call) {
            writes.input(b.path(), b.input());
        } else {
            writes.inputToDecide(b.path(), b.input());
        }
        if (b.step() instanceof Step.Call call) {
            writes.put(call, b.path(), StepStatus.RUNNING, b.attempt(), null, null, now, null, null);
            launches.add(effects.prepare(call, b.path(), b.attempt(), b.input()));
        } else {
            writes.put(b.step(), b.path(), StepStatus.WAITING, b.attempt(), null, null, now, null, null);
        }
    }

    /**
     * A call whose start was committed but whose end was not: the process that ran it stopped (its lease
     * expired, or its owner died), so the target may have seen the request. That attempt ends as
     * interrupted, and the next one starts, with the same idempotency key, committed before it leaves.
     */
    private void rerun(Action.Rerun r, Instant now, Writes writes, List<Effects.Launch> launches) {
        StepRecord prev = r.record();
        writes.attemptEnded(r.step().id(), r.step().type(), r.path(), prev.attempt(),
                StepAttempt.Outcome.INTERRUPTED, prev.startedAt(), now, INTERRUPTED, true);
        int attempt = prev.attempt() + 1;
        JsonNode input = starts.render(r.step(), r.path(), r.scope(), attempt, now, writes);
        if (input == null) {
            return; // its expression failed: the step failed
        }
        writes.input(r.path(), input);
        writes.put(r.step(), r.path(), StepStatus.RUNNING, attempt, null, null, now, null, null);
        launches.add(effects.prepare((Step.Call) r.step(), r.path(), attempt, input));
    }

    private static final JsonNode INTERRUPTED = Errors.of("step.interrupted", "the process running this"
            + " attempt stopped before recording its result; the step ran again with the same idempotency key",
            null);

    private void checkChild(Action.CheckChild c, Instant now, Writes writes) {
        StepRecord prev = state.steps.get(c.path());
        ExecutionRecord child = worker.store()
                .execution(state.record.tenantId(), Subflows.childId(id(), c.path()))
                .orElse(null);
        if (child != null && child.status() == ExecutionStatus.SUCCEEDED) {
            writes.succeeded(c.step(), c.path(), prev.attempt(), child.output(), prev.startedAt(), now);
        } else if (child != null && child.status().terminal()) {
            writes.failed(c.step(), c.path(), prev.attempt(), Errors.of("subflow.failed", "subflow '"
                    + ((Step.Subflow) c.step()).flow() + "' (execution " + child.id() + ") ended "
                    + child.status().wireName(), c.step().id(), child.error()), prev.startedAt(), now);
        } else {
            writes.put(c.step(), c.path(), StepStatus.RUNNING, prev.attempt(), null, null, prev.startedAt(),
                    null,
                    now.plus(Subflows.nextCheck(worker.settings().subflowPoll(), prev.startedAt(), now)));
        }
    }

    /** Records an effect's result: its output, a retry after a backoff, or a final failure. */
    private void absorb(Effects.Result r, Writes writes) {
        Integer attempt = inFlight.get(r.path());
        if (attempt == null || attempt != r.attempt()) {
            return; // a late result: the attempt already ended (result or timeout) or was superseded
        }
        inFlight.remove(r.path());
        Instant now = worker.clock().instant();
        StepRecord prev = state.steps.get(r.path());
        Instant started = startedAt(prev, now);
        if (r.failure() == null) {
            writes.succeeded(r.step(), r.path(), r.attempt(), r.output(), started, now);
            return;
        }
        ConnectorException e = r.failure();
        ObjectNode error = Errors.of(e.code(), e.getMessage(), r.step().id(), e.details());
        error.put("attempt", r.attempt());
        var policy = r.step().common().retry();
        writes.attemptEnded(r.step().id(), r.step().type(), r.path(), r.attempt(), StepAttempt.Outcome.FAILED,
                started, now, error, e.retryable());
        if (e.retryable() && r.attempt() < policy.maxAttempts()) {
            java.time.Duration delay = Time.jittered(policy.delayBefore(r.attempt() + 1), policy.jitter());
            // Not sooner than the system asked (its Retry-After, its rate limit's reset).
            if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(delay) > 0) {
                delay = e.retryAfter().get();
            }
            Instant due = now.plus(delay);
            writes.put(r.step(), r.path(), StepStatus.WAITING, r.attempt(), null, error, started, null, due);
        } else {
            writes.failed(r.step(), r.path(), r.attempt(), error, started, now);
        }
    }

    private void commit(Writes writes) {
        Instant now = worker.clock().instant();
        // Every commit extends the lease: the store replaces the row whole, so a stale lease_until here would
        // undo the scheduler's renewals.
        commit(Records.with(state.record, ExecutionStatus.RUNNING, null, null, now, null, null,
                worker.owner(),
                now.plus(worker.settings().lease())), writes);
    }

    /** Commits the end of the execution, with the step records that led to it, if any. */
    private void finish(Plan.Terminal terminal, Instant now, Writes writes) {
        ExecutionRecord row = Records.with(state.record, terminal.status(), terminal.output(),
                terminal.error(),
                now, now, null, null, null);
        if (state.flow.flow().sensitive()) {
            eraseStepData(writes);
        }
        List<Transition> started = worker.flowTriggers().startsAfter(row);
        started.forEach(writes::alsoCommit);
        writes.event(EventRecord.ofExecution(Transition.terminalType(row.status()), row, now));
        commit(row, writes);
        if (!started.isEmpty()) {
            worker.wake();
        }
        if (row.status() == ExecutionStatus.FAILED) {
            // The code and step only: a message may quote the data the execution handles.
            LOG.info("execution {} of flow {}/{} failed: {} at step {}", id(), row.namespace(), row.flowId(),
                    row.error() == null ? "?" : row.error().path("code").asText("?"),
                    row.error() == null ? "?" : row.error().path("step").asText("?"));
        } else {
            LOG.debug("execution {} of flow {}/{} {}", id(), row.namespace(), row.flowId(),
                    row.status().wireName());
        }
        worker.listener().executionFinished(row);
        worker.finished(row);
    }

    /**
     * A sensitive flow's execution keeps its step data only while it runs (a resumed step needs what the ones
     * before it gave): the commit that ends it erases every step's input and output, and the data rows (a
     * foreach's items, an agent's rendered goal), written in this same transition or before.
     */
    private void eraseStepData(Writes writes) {
        writes.applyTo(state);
        for (StepRecord r : state.steps.values()) {
            if (Erasure.holdsData(r)) {
                writes.erase(r);
            }
        }
    }

    /**
     * The engine is stopping and no call is in flight: commit the results not yet committed and the
     * execution WAITING, due now, with the lease released, so that the next engine to claim work (another node, or this one restarted)
     * continues it at once from this commit.
     */
    private void handBack(Instant now, Writes results) {
        ExecutionRecord row = Records.with(state.record, ExecutionStatus.WAITING, null, null, now, null, now,
                null, null);
        commit(row, results);
        LOG.debug("execution {} handed back for the next start (engine stopping)", id());
    }

    /** Nothing to do until a timer or a signal: commit WAITING with the earliest due time, lease released. */
    private void park(Plan plan, Instant now) {
        ExecutionRecord row = Records.with(state.record, ExecutionStatus.WAITING, null, null, now, null,
                plan.earliestDue(), null, null);
        Writes writes = new Writes(state);
        writes.event(EventRecord.ofExecution(EventRecord.EXECUTION_WAITING, row, now));
        commit(row, writes);
        worker.listener().executionParked(row, plan.awaitingSignal());
        worker.parked(row, plan.awaitingSignal(), state.signals.stream().mapToLong(SignalRecord::seq).max()
                .orElse(-1));
    }

    /**
     * The one way this run writes: the execution's new row and the step records in one fenced commit;
     * then the in-memory state follows and listeners hear of the steps.
     */
    private void commit(ExecutionRecord row, Writes writes) {
        if (creating != null && writes.hasOtherExecutions()) {
            // The store applies each execution's transition on its own: a child or a triggered execution
            // committed with a refused insert would be made all the same. So the row goes in alone first.
            Writes none = new Writes(state);
            boolean inserted = worker.commit(none.creation(state.record));
            CompletableFuture<Boolean> creation = creating;
            creating = null;
            creation.complete(inserted);
            if (!inserted) {
                throw new NotCreated();
            }
        }
        boolean applied = worker.commit(creating == null
                ? writes.transition(row, leaseVersion)
                : writes.creation(row));
        if (creating != null) {
            CompletableFuture<Boolean> creation = creating;
            creating = null;
            creation.complete(applied);
            if (!applied) {
                throw new NotCreated();
            }
        }
        if (!applied) {
            throw new LostLease();
        }
        state.record = row;
        writes.applyTo(state);
        writes.notify(worker.listener(), id());
    }

    private static int attemptOf(StepRecord r) {
        return r == null ? 1 : r.attempt();
    }

    private static Instant startedAt(StepRecord r, Instant now) {
        return r == null || r.startedAt() == null ? now : r.startedAt();
    }

    /** The store refused the insert of the execution: one with its id exists (a repeated idempotency key). */
    static final class NotCreated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotCreated() {
            super(null, null, false, false);
        }
    }

    /** The store refused a commit: another worker took this execution over. */
    static final class LostLease extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostLease() {
            super(null, null, false, false);
        }
    }
}
