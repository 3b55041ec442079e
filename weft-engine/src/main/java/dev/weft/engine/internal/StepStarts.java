package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.expr.Scope;
import dev.weft.engine.flow.Step;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Instant;
import java.util.List;

/**
 * What starting a step does, for each step type: evaluate its expressions and record the result (a
 * transform's output, a switch's choice, a timer's due time), or record it RUNNING and prepare its
 * effect, which starts only after that record is committed. Confined to its execution's run thread.
 */
final class StepStarts {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Worker worker;
    private final ExecutionState state;
    private final Effects effects;

    StepStarts(Worker worker, ExecutionState state, Effects effects) {
        this.worker = worker;
        this.state = state;
        this.effects = effects;
    }

    void start(Step step, String path, Scope scope, int attempt, Instant now, Writes writes,
            List<Effects.Launch> launches) {
        var t = state.flow.templates(step);
        writes.started(path);
        // A step that needs no call runs here: its record shows when it really began and ended (an expression
        // can take a while), not the time its round was planned.
        Instant began = later(now);
        try {
            if (t.ifCondition() != null && !t.ifCondition().test(scope)) {
                writes.put(step, path, StepStatus.SKIPPED, attempt, null, null, began, later(began), null);
                return;
            }
            switch (step) {
                case Step.Transform x ->
                    writes.succeeded(step, path, attempt, t.body().render(scope), began, later(began));
                case Step.Switch sw -> {
                    // No match and no default: the switch continues like any step without `next`.
                    String next = sw.defaultNext();
                    int chosen = -1;
                    for (int i = 0; i < sw.cases().size(); i++) {
                        if (t.cases().get(i).test(scope)) {
                            next = sw.cases().get(i).next();
                            chosen = i;
                            break;
                        }
                    }
                    ObjectNode out = JSON.objectNode();
                    out.put("next", next);
                    out.put("case", chosen);
                    writes.succeeded(step, path, attempt, out, began, later(began));
                }
                case Step.Fail f -> {
                    String message = t.message() == null ? "failed" : t.message().evaluate(scope).asText();
                    String code = f.code() == null ? "flow.fail" : f.code();
                    writes.failed(step, path, attempt, Errors.of(code, message, step.id()), began,
                            later(began));
                }
                case Step.Wait w -> {
                    Instant due = w.duration() != null
                            ? now.plus(w.duration())
                            : Time.parseInstant(t.until().evaluate(scope), step.id());
                    writes.put(step, path, StepStatus.WAITING, attempt, null, null, now, null, due);
                }
                case Step.Await a -> {
                    SignalRecord signal = state.signals.stream()
                            .filter(sg -> sg.name().equals(a.signal()) && !writes.consumes(sg.seq()))
                            .findFirst().orElse(null);
                    if (signal != null) {
                        writes.succeeded(step, path, attempt, signal.payload(), now, now);
                        writes.consumeSignal(signal.seq());
                    } else {
                        Instant due = a.timeout() == null ? null : now.plus(a.timeout());
                        writes.put(step, path, StepStatus.WAITING, attempt, null, null, now, null, due);
                    }
                }
                case Step.Call c -> {
                    JsonNode input = callInput(t, scope);
                    String problem = worker.calls().problem(state.record.tenantId(), c.system(),
                            c.operation());
                    if (problem != null) {
                        writes.failed(step, path, attempt,
                                Errors.of("operation.unknown", "step '" + step.id() + "': " + problem,
                                        step.id()),
                                now, now);
                        return;
                    }
                    writes.input(path, input);
                    writes.put(step, path, StepStatus.RUNNING, attempt, null, null, now, null, null);
                    launches.add(effects.prepare(c, path, attempt, input));
                }
                case Step.Parallel p ->
                    writes.put(step, path, StepStatus.RUNNING, attempt, null, null, now, null,
                            null);
                case Step.Foreach f -> {
                    JsonNode items = t.items().evaluate(scope);
                    if (items == null || items.isNull() || items.isMissingNode()) {
                        items = JSON.arrayNode();
                    } else if (!items.isArray()) {
                        items = JSON.arrayNode().add(items);
                    }
                    int max = worker.settings().maxForeachItems();
                    if (items.size() > max) {
                        writes.failed(step, path, attempt, Errors.of("foreach.too_many_items", "step '"
                                + step.id() + "': items holds " + items.size() + " items, more than the "
                                + max
                                + " one foreach may run (engine.maxForeachItems): split them into batches, such"
                                + " as a foreach over a subflow that takes one batch each", step.id()), began,
                                later(began));
                        return;
                    }
                    writes.put(step, path, StepStatus.RUNNING, attempt, null, null, now, null, null);
                    // The evaluated items, kept for the whole execution (compensation reads them too).
                    writes.data(path + Planner.ITEMS_SUFFIX, "foreach.items", items, now);
                }
                case Step.Respond r -> writes.succeeded(step, path, attempt,
                        Responses.checked(t.body().render(scope), step.id()), began, later(began));
                case Step.Emit e -> Emits.start(worker, state, e, path, attempt,
                        t.body() == null ? JSON.objectNode() : t.body().render(scope), now, writes);
                case Step.Agent a ->
                    AgentStarts.start(worker, state, a, path, attempt, t.body().render(scope),
                            now, writes);
                case Step.Subflow sf -> {
                    JsonNode input = t.body() == null ? JSON.objectNode() : t.body().render(scope);
                    writes.input(path, input);
                    Subflows.start(worker, state, sf, path, attempt, input, now, writes);
                }
            }
        } catch (ExpressionException e) {
            writes.failed(step, path, attempt, Errors.expressionFailed(step.id(), e), began, later(began));
        } catch (IllegalArgumentException e) {
            writes.failed(step, path, attempt, Errors.of("step.invalid", "step '" + step.id() + "': "
                    + e.getMessage(), step.id()), began, later(began));
        }
    }

    /** The clock's time, or {@code since} if the clock reads earlier (a test's clock, a step back). */
    private Instant later(Instant since) {
        Instant clock = worker.clock().instant();
        return clock.isAfter(since) ? clock : since;
    }

    JsonNode render(Step step, String path, Scope scope, int attempt, Instant now, Writes writes) {
        var t = state.flow.templates(step);
        try {
            return callInput(t, scope);
        } catch (ExpressionException e) {
            writes.failed(step, path, attempt, Errors.expressionFailed(step.id(), e), now, now);
            return null;
        }
    }

    /** A call's rendered {@code with}; an absent or null one is an empty object. */
    private static JsonNode callInput(CompiledFlow.StepTemplates t, Scope scope) throws ExpressionException {
        JsonNode input = t.body() == null ? null : t.body().render(scope);
        return input == null || input.isNull() ? JSON.objectNode() : input;
    }
}
