package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.expr.Scope;
import dev.weft.engine.flow.Step;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what an execution does next from its flow, its input and its recorded steps, and nothing
 * else: the same records always give the same plan, which is how an execution resumes after a crash
 * and how a replay recomputes its path. Walks the step lists from their first step, following recorded
 * results, until it reaches steps that have not finished. Not thread-safe; one per planning call.
 */
final class Planner {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String COMPENSATE_SUFFIX = "-compensate";
    /** The data row of a foreach's evaluated items: {@code <foreach path>#items}. */
    static final String ITEMS_SUFFIX = "#items";
    private static final java.util.regex.Pattern ITERATION = java.util.regex.Pattern
            .compile("(.+)\\[(\\d+)]");

    private final ExecutionState state;
    private final Instant now;
    private final Set<String> inFlight;
    private final List<Action> actions = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private Instant earliestDue;
    private boolean awaitingSignal;
    private boolean unwinding;
    private final Set<Long> claimedSignals = new HashSet<>();
    private final java.time.Duration defaultTimeout;

    private Planner(ExecutionState state, Instant now, Set<String> inFlight,
            java.time.Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
        this.state = state;
        this.now = now;
        this.inFlight = inFlight;
    }

    /**
     * The plan for an execution as recorded; {@code inFlight} are paths whose effect runs right now;
     * {@code defaultTimeout} bounds a sub-step the planner makes whose step names no timeout.
     */
    static Plan plan(ExecutionState state, Scope base, Instant now, Set<String> inFlight,
            java.time.Duration defaultTimeout) {
        return new Planner(state, now, inFlight, defaultTimeout).planTop(base);
    }

    sealed interface Outcome {
    }

    record Done(JsonNode last) implements Outcome {
    }

    record Failed(JsonNode error) implements Outcome {
    }

    record Pending() implements Outcome {
    }

    static final Pending PENDING = new Pending();

    private Plan planTop(Scope base) {
        CompiledFlow flow = state.flow;
        Scope scope = base.child();
        Outcome outcome = walk(flow.top().steps().get(0), "", scope);
        if (outcome instanceof Failed failed) {
            String handlerId = flow.flow().onError();
            if (handlerId != null) {
                Outcome handled = walk(flow.step(handlerId), "", scope.child().put("error", failed.error()));
                return switch (handled) {
                    case Done d ->
                        terminal(ExecutionStatus.FAILED, null, withFlag(failed.error(), "handled"));
                    case Failed f -> terminal(ExecutionStatus.FAILED, null, f.error());
                    case Pending p -> pending();
                };
            }
            return compensate(failed.error(), scope);
        }
        return switch (outcome) {
            case Done d -> terminal(ExecutionStatus.SUCCEEDED, d.last(), null);
            case Pending p -> pending();
            case Failed f -> throw new IllegalStateException("unreachable");
        };
    }

    /**
     * Runs the {@code compensate} steps of completed steps, latest completed first; a failed compensation
     * is reported and the others still run.
     */
    private Plan compensate(JsonNode error, Scope scope) {
        unwinding = true;
        List<StepRecord> completed = state.steps.values().stream()
                .filter(r -> r.status() == StepStatus.SUCCEEDED)
                .filter(r -> !r.path().endsWith(COMPENSATE_SUFFIX))
                .filter(r -> {
                    Step s = state.flow.step(r.stepId());
                    return s != null && s.common().compensate() != null;
                })
                .sorted(Comparator.comparingLong(StepRecord::seq).reversed())
                .toList();
        List<JsonNode> compensationErrors = new ArrayList<>();
        List<String> compensated = new ArrayList<>();
        for (StepRecord r : completed) {
            Step comp = state.flow.step(r.stepId()).common().compensate();
            String prefix = r.path().substring(0, r.path().length() - r.stepId().length());
            Outcome o = walk(comp, prefix, scopeAt(r.path(), scope));
            switch (o) {
                case Pending p -> {
                    return pending();
                }
                case Failed f -> compensationErrors.add(f.error());
                case Done d -> compensated.add(r.path());
            }
        }
        if (completed.isEmpty()) {
            return terminal(ExecutionStatus.FAILED, null, error);
        }
        ObjectNode e = error.isObject()
                ? ((ObjectNode) error).deepCopy()
                : JSON.objectNode().set("message", error);
        e.set("compensated", JSON.arrayNode().addAll(compensated.stream().map(JSON::textNode).toList()));
        if (!compensationErrors.isEmpty()) {
            e.set("compensationErrors", JSON.arrayNode().addAll(compensationErrors));
        }
        return terminal(ExecutionStatus.FAILED, null, e);
    }

    /**
     * The scope a step at {@code path} saw when it ran, rebuilt from records: the top-level scope, then
     * for each enclosing list the outputs of its completed steps and, in a foreach item, {@code item} and
     * {@code index}. Compensation uses it, since a nested step's list is no longer being walked.
     */
    private Scope scopeAt(String path, Scope top) {
        Scope scope = top.child();
        String[] segments = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.length - 1; i++) {
            String enclosing = prefix.toString();
            prefix.append(segments[i]).append('/');
            var iteration = ITERATION.matcher(segments[i]);
            if (iteration.matches()) {
                StepRecord items = state.steps.get(enclosing + iteration.group(1) + ITEMS_SUFFIX);
                int index = Integer.parseInt(iteration.group(2));
                JsonNode all = items == null ? null : state.output(items);
                scope.put("item", all == null ? NullNode.getInstance() : all.path(index));
                scope.put("index", JSON.numberNode(index));
            }
            String level = prefix.toString();
            for (StepRecord r : state.steps.values()) {
                if (r.stepId() != null && r.status() == StepStatus.SUCCEEDED && r.path().startsWith(level)
                        && r.path().indexOf('/', level.length()) < 0) {
                    scope.putLazy(r.stepId(), () -> state.output(r));
                }
            }
        }
        return scope;
    }

    /** Follows one path from {@code first} until it ends, fails or reaches an unfinished step. */
    private Outcome walk(Step first, String prefix, Scope scope) {
        Step cur = first;
        StepRecord last = null;
        while (cur != null) {
            String path = prefix + cur.id();
            if (!seen.add(path)) {
                return new Failed(Errors.of("flow.loop", "step '" + cur.id()
                        + "' was reached a second time; loops are not supported (use foreach)", cur.id()));
            }
            StepRecord rec = state.steps.get(path);
            if (rec == null) {
                actions.add(new Action.Start(cur, path, scope, 1));
                return PENDING;
            }
            switch (rec.status()) {
                case RUNNING -> {
                    running(cur, path, scope, rec);
                    return PENDING;
                }
                case WAITING -> {
                    waiting(cur, path, scope, rec);
                    return PENDING;
                }
                case SKIPPED -> cur = successor(cur, null); // absent in scope: $exists(step) is false
                case SUCCEEDED -> {
                    if (rec.outputRef() == null) {
                        scope.put(cur.id(), rec.output());
                    } else {
                        // Stored out of line: loaded only if an expression reads it.
                        StepRecord stored = rec;
                        scope.putLazy(cur.id(), () -> state.output(stored));
                    }
                    last = rec;
                    cur = successor(cur, rec);
                }
                case FAILED -> {
                    Step handler = state.flow.sibling(cur, cur.common().onError());
                    if (handler == null) {
                        return new Failed(rec.error());
                    }
                    scope = scope.child().put("error", rec.error());
                    cur = handler;
                }
            }
        }
        return new Done(last == null ? NullNode.getInstance() : state.output(last));
    }

    private Step successor(Step cur, StepRecord rec) {
        if (cur instanceof Step.Switch && rec != null && rec.output() != null
                && rec.output().hasNonNull("next")) {
            return state.flow.sibling(cur, rec.output().get("next").asText());
        }
        String next = cur.common().next();
        if (next != null) {
            return state.flow.sibling(cur, next);
        }
        return state.flow.fallThrough(cur);
    }

    private void running(Step cur, String path, Scope scope, StepRecord rec) {
        switch (cur) {
            case Step.Parallel p -> finishComposite(cur, path, parallel(p, path, scope));
            case Step.Foreach f -> finishComposite(cur, path, foreach(f, path, scope, rec));
            case Step.Agent a -> finishComposite(cur, path,
                    new AgentTurns(this, state, now, defaultTimeout).plan(a, path, rec));
            case Step.Subflow s -> {
                if (rec.dueAt() == null || !now.isBefore(rec.dueAt()) || state.childEnded) {
                    actions.add(new Action.CheckChild(cur, path, scope));
                } else {
                    due(rec.dueAt());
                }
            }
            default -> {
                if (!inFlight.contains(path)) {
                    actions.add(new Action.Rerun(cur, path, scope, rec));
                }
            }
        }
    }

    private void finishComposite(Step cur, String path, Outcome outcome) {
        switch (outcome) {
            case Done d -> actions.add(new Action.Complete(cur, path, d.last(), -1));
            case Failed f -> actions.add(new Action.Fail(cur, path, f.error()));
            case Pending p -> {
            }
        }
    }

    private Outcome parallel(Step.Parallel p, String path, Scope scope) {
        ObjectNode outputs = JSON.objectNode();
        boolean pending = false;
        int mark = actions.size();
        for (Step.Branch b : p.branches()) {
            Outcome o = walk(b.steps().get(0), path + "/" + b.id() + "/", scope.child());
            switch (o) {
                case Done d -> outputs.set(b.id(), d.last());
                case Failed f -> {
                    // The step fails as a whole: nothing more of its other branches may start.
                    actions.subList(mark, actions.size()).clear();
                    return f;
                }
                case Pending x -> pending = true;
            }
        }
        return pending ? PENDING : new Done(outputs);
    }

    private Outcome foreach(Step.Foreach f, String path, Scope scope, StepRecord rec) {
        StepRecord itemsRecord = state.steps.get(path + ITEMS_SUFFIX);
        JsonNode items = itemsRecord == null ? null : state.output(itemsRecord);
        if (items == null || !items.isArray()) {
            return new Failed(
                    Errors.of("foreach.items", "items of foreach '" + f.id() + "' were not recorded",
                            f.id()));
        }
        var results = JSON.arrayNode();
        int mark = actions.size();
        int active = 0;
        boolean pending = false;
        String firstId = f.steps().get(0).id();
        for (int i = 0; i < items.size(); i++) {
            String prefix = path + "[" + i + "]/";
            boolean started = state.steps.containsKey(prefix + firstId);
            if (!started && active >= f.concurrency()) {
                pending = true;
                break;
            }
            Scope itemScope = scope.child().put("item", items.get(i)).put("index", JSON.numberNode(i));
            Outcome o = walk(f.steps().get(0), prefix, itemScope);
            switch (o) {
                case Done d -> results.add(d.last());
                case Failed x -> {
                    actions.subList(mark, actions.size()).clear();
                    return x;
                }
                case Pending x -> {
                    active++;
                    pending = true;
                }
            }
        }
        return pending ? PENDING : new Done(results);
    }

    private void waiting(Step cur, String path, Scope scope, StepRecord rec) {
        Instant due = rec.dueAt();
        switch (cur) {
            case Step.Wait w -> {
                if (due == null || !now.isBefore(due)) {
                    actions.add(new Action.Complete(cur, path,
                            JSON.objectNode().put("waitedUntil", String.valueOf(
                                    due)),
                            -1));
                } else {
                    due(due);
                }
            }
            case Step.Await a -> {
                SignalRecord signal = state.signals.stream()
                        .filter(s -> s.name().equals(a.signal()) && !claimedSignals.contains(s.seq()))
                        .findFirst()
                        .orElse(null);
                if (signal != null) {
                    claimedSignals.add(signal.seq());
                    actions.add(new Action.Complete(cur, path, signal.payload(), signal.seq()));
                } else if (due != null && !now.isBefore(due)) {
                    actions.add(
                            new Action.Fail(cur, path, Errors.of("await.timeout", "no signal '" + a.signal()
                                    + "' arrived before the timeout of step '" + cur.id() + "'", cur.id())));
                } else {
                    awaitingSignal = true;
                    due(due);
                }
            }
            default -> {
                // a retry backoff
                if (due == null || !now.isBefore(due)) {
                    actions.add(new Action.Start(cur, path, scope, rec.attempt() + 1));
                } else {
                    due(due);
                }
            }
        }
    }

    /** An action a sub-step planner ({@link AgentTurns}) decided on. */
    void act(Action action) {
        actions.add(action);
    }

    boolean inFlight(String path) {
        return inFlight.contains(path);
    }

    /** Takes a signal for one waiting step of this plan; false when another took it already. */
    boolean claim(long signalSeq) {
        return claimedSignals.add(signalSeq);
    }

    void awaitSignal() {
        awaitingSignal = true;
    }

    void due(Instant at) {
        if (at != null && (earliestDue == null || at.isBefore(earliestDue))) {
            earliestDue = at;
        }
    }

    private Plan pending() {
        return new Plan(List.copyOf(actions), earliestDue, awaitingSignal, unwinding, null);
    }

    private Plan terminal(ExecutionStatus status, JsonNode output, JsonNode error) {
        return new Plan(List.of(), null, false, true, new Plan.Terminal(status, output, error));
    }

    private static JsonNode withFlag(JsonNode error, String flag) {
        if (error instanceof ObjectNode o) {
            return o.deepCopy().put(flag, true);
        }
        return error;
    }
}
