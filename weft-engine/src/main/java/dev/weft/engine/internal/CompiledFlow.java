package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.expr.JsonTemplate;
import dev.weft.engine.expr.Template;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deployed flow version with every expression compiled and every step indexed, shared by all of
 * its executions. Immutable and thread-safe.
 */
public final class CompiledFlow {
    /** {@code next: end} stops the path. */
    public static final String END = "end";

    private final Flow flow;
    private final int version;
    private final Map<String, Step> stepsById = new HashMap<>();
    private final Map<Step, StepList> listOf = new IdentityHashMap<>();
    private final Map<Step, StepTemplates> templates = new IdentityHashMap<>();
    private final StepList top;

    /** A list of steps that run one after another, and which of them are error handlers. */
    record StepList(List<Step> steps, Set<String> handlers) {
        Step byId(String id) {
            for (Step s : steps) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** The compiled expressions of one step; absent ones are null. */
    record StepTemplates(
            Template ifCondition,
            JsonTemplate body,
            List<Template> cases,
            Template items,
            Template until,
            Template message) {
    }

    public CompiledFlow(Flow flow, int version) throws ExpressionException {
        this.flow = flow;
        this.version = version;
        this.top = index(flow.steps(), flow.onError());
    }

    private StepList index(List<Step> steps, String extraHandler) throws ExpressionException {
        Set<String> handlers = new HashSet<>();
        if (extraHandler != null) {
            handlers.add(extraHandler);
        }
        for (Step s : steps) {
            if (s.common().onError() != null) {
                handlers.add(s.common().onError());
            }
        }
        StepList list = new StepList(List.copyOf(steps), Set.copyOf(handlers));
        for (Step s : steps) {
            register(s, list);
        }
        return list;
    }

    private void register(Step s, StepList list) throws ExpressionException {
        stepsById.put(s.id(), s);
        if (list != null) {
            listOf.put(s, list);
        }
        templates.put(s, compile(s));
        if (s.common().compensate() != null) {
            register(s.common().compensate(), null);
        }
        switch (s) {
            case Step.Parallel p -> {
                for (Step.Branch b : p.branches()) {
                    index(b.steps(), null);
                }
            }
            case Step.Foreach f -> index(f.steps(), null);
            default -> {
            }
        }
    }

    private static StepTemplates compile(Step s) throws ExpressionException {
        Template ifCondition = template(s.common().ifCondition());
        return switch (s) {
            case Step.Call c ->
                new StepTemplates(ifCondition, body(c.with()), null, null, null, null);
            case Step.Transform t ->
                new StepTemplates(ifCondition, body(t.output()), null, null, null,
                        null);
            case Step.Switch sw -> {
                List<Template> cases = new ArrayList<>();
                for (Step.Case c : sw.cases()) {
                    cases.add(template(c.when()));
                }
                yield new StepTemplates(ifCondition, null, cases, null, null, null);
            }
            case Step.Foreach f ->
                new StepTemplates(ifCondition, null, null, template(f.items()), null, null);
            case Step.Wait w -> new StepTemplates(ifCondition, null, null, null, template(w.until()), null);
            case Step.Subflow sf ->
                new StepTemplates(ifCondition, body(sf.input()), null, null, null,
                        null);
            case Step.Fail f -> new StepTemplates(ifCondition, null, null, null, null, template(f.message()));
            case Step.Respond r -> new StepTemplates(ifCondition, body(r.response()), null, null, null, null);
            case Step.Emit e -> new StepTemplates(ifCondition, body(e.payload()), null, null, null, null);
            case Step.Parallel p -> new StepTemplates(ifCondition, null, null, null, null, null);
            case Step.Await a -> new StepTemplates(ifCondition, null, null, null, null, null);
            case Step.Agent a ->
                new StepTemplates(ifCondition, body(AgentStarts.templated(a)), null, null, null,
                        null);
        };
    }

    private static JsonTemplate body(JsonNode value) throws ExpressionException {
        return value == null ? null : JsonTemplate.compile(value);
    }

    private static Template template(String text) throws ExpressionException {
        return text == null ? null : Template.parse(text);
    }

    public Flow flow() {
        return flow;
    }

    public int version() {
        return version;
    }

    StepList top() {
        return top;
    }

    Step step(String id) {
        return stepsById.get(id);
    }

    StepTemplates templates(Step s) {
        return templates.get(s);
    }

    /**
     * The step that follows {@code s} when it names no {@code next}: the one listed after it, unless
     * that one is an error handler (handlers are reached only through {@code onError}). Null ends the path.
     */
    Step fallThrough(Step s) {
        StepList list = listOf.get(s);
        if (list == null) {
            return null;
        }
        int i = list.steps().indexOf(s);
        if (i < 0 || i + 1 >= list.steps().size()) {
            return null;
        }
        Step following = list.steps().get(i + 1);
        return list.handlers().contains(following.id()) ? null : following;
    }

    /** The step named {@code id} in the same list as {@code s}, or null ({@code end} or unknown). */
    Step sibling(Step s, String id) {
        if (id == null || END.equals(id)) {
            return null;
        }
        StepList list = listOf.get(s);
        return list == null ? null : list.byId(id);
    }

}
