package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.EngineListener;
import dev.weft.engine.ExecutionView;
import dev.weft.engine.flow.Step;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The step records, payloads and consumed signals of one transition of one execution, collected
 * before they are committed together, and applied to the in-memory state only after the commit.
 */
final class Writes {
    private final ExecutionState state;
    private final List<StepRecord> steps = new ArrayList<>();
    private final List<StepRecord> erased = new ArrayList<>();
    private final List<Transition.Payload> payloads = new ArrayList<>();
    private final List<Long> consumed = new ArrayList<>();
    private final List<Transition> extra = new ArrayList<>();
    private final List<EventRecord> events = new ArrayList<>();
    private final List<StepAttempt> attempts = new ArrayList<>();
    private final java.util.Set<String> started = new java.util.HashSet<>();
    private final java.util.Map<String, JsonNode> inputs = new java.util.HashMap<>();
    private long seq;

    Writes(ExecutionState state) {
        this.state = state;
        this.seq = state.nextSeq;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /**
     * True when an output is stored out of line here: until committed, its payload cannot be read back,
     * so nothing that may read it is planned before the commit.
     */
    boolean hasPayloads() {
        return !payloads.isEmpty();
    }

    /** How many rows, consumed signals and other transitions this holds. */
    int size() {
        return steps.size() + consumed.size() + extra.size() + events.size() + erased.size();
    }

    void succeeded(Step step, String path, int attempt, JsonNode output, Instant startedAt, Instant now) {
        put(step, path, StepStatus.SUCCEEDED, attempt, output, null, startedAt, now, null);
    }

    void failed(Step step, String path, int attempt, JsonNode error, Instant startedAt, Instant now) {
        put(step, path, StepStatus.FAILED, attempt, null, error, startedAt, now, null);
        event(StepEvents.failed(state.record, step.id(), path, attempt, error, now));
    }

    /** An event written to the feed with this transition (and only if it is applied). */
    void event(EventRecord event) {
        events.add(event);
    }

    void put(Step step, String path, StepStatus status, int attempt, JsonNode output, JsonNode error,
            Instant startedAt, Instant finishedAt, Instant dueAt) {
        add(path, step.id(), step.type(), status, attempt, output, error, startedAt, finishedAt, dueAt);
    }

    /**
     * A data row that is not a step (its step id is null): a value the planner must find again, such as
     * a foreach's evaluated items. Listeners do not hear of it.
     */
    void data(String path, String type, JsonNode value, Instant now) {
        add(path, null, type, StepStatus.SUCCEEDED, 1, value, null, now, now, null);
    }

    /** Adds a row; an output over the threshold is stored once as a payload and the row keeps its hash. */
    private void add(String path, String stepId, String type, StepStatus status, int attempt, JsonNode output,
            JsonNode error, Instant startedAt, Instant finishedAt, Instant dueAt) {
        String ref = null;
        JsonNode inline = output;
        // A sensitive flow's outputs stay in their rows, so that erasing a row erases them: a payload is kept by
        // its hash, maybe shared, and never deleted.
        Payloads.Stored stored = output == null || state.flow.flow().sensitive()
                ? null
                : Payloads.maybeOutOfLine(output, state.largeOutputBytes());
        if (stored != null) {
            payloads.add(stored.payload());
            ref = stored.payload().hash();
            inline = null;
        }
        steps.add(new StepRecord(state.id(), path, stepId, type, status, attempt, inputOf(path, attempt),
                inline, ref, error, startedAt, finishedAt, dueAt, seq++));
        // A success needs no attempt row: the step row describes it (ExecutionView, StepAttempt).
        if (stepId != null && status == StepStatus.FAILED && !endsAttempt(path, attempt)) {
            attemptEnded(stepId, type, path, attempt, StepAttempt.Outcome.FAILED, startedAt, finishedAt,
                    error,
                    false);
        }
    }

    /**
     * Records how an attempt of the step at {@code path} ended (see {@link StepAttempt}). A failed step row
     * records its attempt by itself; this is for the others (a call failure that will be retried, an
     * attempt cut off by a crash) and for the retryable flag of a call's failure.
     *
     * @param error the recorded error ({@code {code, message, details?}}; its details hold the target's
     *     status when the connector reported one), or null
     */
    void attemptEnded(String stepId, String type, String path, int attempt, StepAttempt.Outcome outcome,
            Instant startedAt, Instant finishedAt, JsonNode error, boolean retryable) {
        attempts.add(new StepAttempt(state.id(), path, stepId, type, attempt, outcome, startedAt, finishedAt,
                error == null ? null : error.path("code").asText(null),
                error == null ? null : error.path("message").asText(null),
                error == null ? null : retryable,
                error == null ? null : ExecutionView.targetStatus(error.path("details"))));
    }

    /** Whether this transition records the end of that attempt already. */
    private boolean endsAttempt(String path, int attempt) {
        for (StepAttempt a : attempts) {
            if (a.attempt() == attempt && a.path().equals(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records what the step at {@code path} is given; the row written in this transition, and the rows
     * of the same attempt after it, carry it.
     */
    void input(String path, JsonNode input) {
        if (!state.flow.flow().sensitive()) {
            inputs.put(path, input);
        }
    }

    /**
     * Records what a person must see to decide (an agent's approval request), even in a sensitive flow; it
     * is erased with the rest when the execution ends.
     */
    void inputToDecide(String path, JsonNode input) {
        inputs.put(path, input);
    }

    /**
     * Erases what a finished step of a sensitive flow held: its input, and its output (or a data row's
     * value), replaced by {@link Erasure#ERASED}. Its status, times and error stay. Listeners do not hear of it.
     */
    void erase(StepRecord r) {
        // Written after this transition's own rows (one statement each, in order), so it is what stays; the
        // listeners still hear of the rows as they were (a sync webhook's answer among them).
        this.erased.add(Erasure.of(r));
    }

    private JsonNode inputOf(String path, int attempt) {
        JsonNode given = inputs.get(path);
        if (given != null) {
            return given;
        }
        StepRecord before = state.steps.get(path);
        return before != null && before.attempt() == attempt ? before.input() : null;
    }

    void consumeSignal(long signalSeq) {
        consumed.add(signalSeq);
    }

    /** Whether this transition already takes that signal (one signal resumes one await). */
    boolean consumes(long signalSeq) {
        return consumed.contains(signalSeq);
    }

    /** Another execution's transition committed with this one (a subflow's child). */
    void alsoCommit(Transition t) {
        extra.add(t);
    }

    /** Whether other executions' transitions ride along (a subflow's child, a flow-completion trigger). */
    boolean hasOtherExecutions() {
        return !extra.isEmpty();
    }

    List<Transition> transition(ExecutionRecord row, long expectedLeaseVersion) {
        List<Transition> all = new ArrayList<>();
        all.add(new Transition(Transition.Kind.UPDATE, row, expectedLeaseVersion, rows(), payloads, consumed,
                List.of(), attempts, events));
        all.addAll(extra);
        return all;
    }

    /**
     * The transition that inserts the execution's row with these writes: its {@code execution.started}
     * event first, then the events of these writes (its end's among them if it ended at once).
     */
    List<Transition> creation(ExecutionRecord row) {
        List<EventRecord> all = new ArrayList<>(events.size() + 1);
        all.add(EventRecord.ofExecution(EventRecord.EXECUTION_STARTED, row, row.createdAt()));
        all.addAll(events);
        List<Transition> transitions = new ArrayList<>();
        transitions.add(new Transition(Transition.Kind.CREATE, row, row.leaseVersion(), rows(), payloads,
                consumed, List.of(), attempts, all));
        transitions.addAll(extra);
        return transitions;
    }

    /** The step rows this transition writes: the new ones, then the erased ones. */
    private List<StepRecord> rows() {
        if (erased.isEmpty()) {
            return steps;
        }
        List<StepRecord> all = new ArrayList<>(steps);
        all.addAll(erased);
        return all;
    }

    void applyTo(ExecutionState s) {
        for (StepRecord r : rows()) {
            s.steps.put(r.path(), r);
        }
        s.nextSeq = seq;
        s.signals.removeIf(sig -> consumed.contains(sig.seq()));
    }

    /** The step at {@code path} starts in this transition (listeners hear of its start too). */
    void started(String path) {
        started.add(path);
    }

    void notify(EngineListener listener, String executionId) {
        for (StepRecord r : steps) {
            if (r.stepId() == null) {
                continue;
            }
            if (r.status() == StepStatus.RUNNING || started.contains(r.path())) {
                listener.stepStarted(executionId, r.path(), r.type(), r.attempt());
            }
            if (r.status() == StepStatus.SUCCEEDED && "respond".equals(r.type())) {
                listener.responded(executionId, r.output());
            }
            if (r.status() != StepStatus.RUNNING) {
                listener.stepFinished(executionId, r.path(), r.status(), r.status() == StepStatus.FAILED
                        || r.error() != null ? r.error() : r.output());
            }
        }
    }
}
