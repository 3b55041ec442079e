package dev.weft.engine.flow;

import dev.weft.connector.Suggestions;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.expr.Template;
import dev.weft.engine.flow.StepLists.PlacedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses every string that holds {@code {{ }}} in the fields that are evaluated ({@code with},
 * {@code output}, {@code when}, {@code if}, {@code items}, {@code until}, {@code input}, {@code message}),
 * and checks that each name an expression reads from the top of its scope is a step of the flow or one of
 * {@link #SCOPE_NAMES}, so that a typo fails validation instead of yielding null in an execution days
 * later. Which names count is decided conservatively by {@link RootNames}.
 */
final class ExpressionCheck {
    /** The names every expression may read besides step ids (some only in a foreach or an error handler). */
    static final Set<String> SCOPE_NAMES = new TreeSet<>(
            List.of("input", "trigger", "execution", "error", "item", "index"));

    private final Problems problems;
    private final Set<String> stepIds;

    ExpressionCheck(Problems problems, Set<String> stepIds) {
        this.problems = problems;
        this.stepIds = new TreeSet<>(stepIds);
    }

    void check(PlacedStep placed) {
        Step step = placed.step();
        String p = placed.pointer();
        text(placed, Pointers.child(p, "if"), step.common().ifCondition());
        switch (step) {
            case Step.Call c -> json(placed, Pointers.child(p, "with"), c.with());
            case Step.Transform t -> json(placed, Pointers.child(p, "output"), t.output());
            case Step.Switch s -> {
                for (int i = 0; i < s.cases().size(); i++) {
                    String casePointer = Pointers.child(Pointers.child(p, "cases"), i);
                    text(placed, Pointers.child(casePointer, "when"), s.cases().get(i).when());
                }
            }
            case Step.Foreach f -> text(placed, Pointers.child(p, "items"), f.items());
            case Step.Wait w -> text(placed, Pointers.child(p, "until"), w.until());
            case Step.Subflow s -> json(placed, Pointers.child(p, "input"), s.input());
            case Step.Fail f -> text(placed, Pointers.child(p, "message"), f.message());
            case Step.Emit e -> json(placed, Pointers.child(p, "payload"), e.payload());
            case Step.Agent a -> {
                text(placed, Pointers.child(p, "goal"), a.goal());
                text(placed, Pointers.child(p, "instructions"), a.instructions());
                for (int i = 0; i < a.tools().size(); i++) {
                    json(placed, Pointers.child(Pointers.child(Pointers.child(p, "tools"), i), "with"),
                            a.tools().get(i).with());
                }
            }
            case Step.Respond r -> {
                json(placed, Pointers.child(p, "status"), r.response().get("status"));
                json(placed, Pointers.child(p, "headers"), r.response().get("headers"));
                json(placed, Pointers.child(p, "body"), r.response().get("body"));
            }
            default -> {
            }
        }
    }

    private void json(PlacedStep placed, String pointer, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            text(placed, pointer, node.textValue());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                json(placed, Pointers.child(pointer, i), node.get(i));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                json(placed, Pointers.child(pointer, e.getKey()), e.getValue());
            }
        }
    }

    private void text(PlacedStep placed, String pointer, String text) {
        if (text == null || !Template.hasExpression(text)) {
            return;
        }
        try {
            Template template = Template.parse(text);
            for (Template.Source expression : template.expressions()) {
                for (RootNames.Name name : RootNames.of(expression.text())) {
                    if (!stepIds.contains(name.name()) && !SCOPE_NAMES.contains(name.name())) {
                        unknown(placed, pointer, text, expression.offset() + name.offset(), name.name());
                    }
                }
            }
        } catch (ExpressionException e) {
            String field = pointer.substring(placed.pointer().length() + 1);
            problems.inString(pointer, e.offset(), placed.owner() + ": expression " + quote(text, e.offset())
                    + " in '" + field + "' does not parse: " + e.getMessage());
        }
    }

    private void unknown(PlacedStep placed, String pointer, String text, int offset, String name) {
        String field = pointer.substring(placed.pointer().length() + 1);
        List<String> known = new ArrayList<>(stepIds);
        known.addAll(SCOPE_NAMES);
        problems.inString(pointer, offset, placed.owner() + ": expression " + quote(text, offset) + " in '"
                + field + "' reads '" + name + "', which is not a step of this flow; the steps are "
                + String.join(", ", stepIds) + ", and expressions may also read "
                + String.join(", ", SCOPE_NAMES)
                + " (quote a step id that is not a plain name with backquotes: `my-step`)"
                + Suggestions.didYouMean(name, known));
    }

    /** The {@code {{ ... }}} around the failing offset, as written, in double quotes. */
    static String quote(String text, int offset) {
        int from = text.lastIndexOf("{{", Math.max(0, Math.min(offset, text.length() - 1)));
        if (from < 0) {
            return "\"" + text + "\"";
        }
        int close = text.indexOf("}}", from + 2);
        return "\"" + (close < 0 ? text.substring(from) : text.substring(from, close + 2)) + "\"";
    }
}
