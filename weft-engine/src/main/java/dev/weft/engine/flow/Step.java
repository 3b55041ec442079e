package dev.weft.engine.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * One step of a flow. Every step has the {@link Common} fields; each type adds its own.
 */
public sealed interface Step {

    Common common();

    default String id() {
        return common().id();
    }

    default String type() {
        return common().type();
    }

    /**
     * Fields every step has.
     *
     * @param next the step that follows; null means the step listed after this one, or the end
     * @param onError the step (in the same list) that runs when this one fails after its retries
     * @param retry the retry policy, {@link RetryPolicy#NONE} when none is given
     * @param timeout how long one attempt may take, null for the engine default
     * @param ifCondition an expression; when it is false the step is skipped
     * @param compensate the step that undoes this one's effect when the execution fails (saga), or null
     */
    record Common(
            String id,
            String type,
            String next,
            String onError,
            RetryPolicy retry,
            Duration timeout,
            String ifCondition,
            Step compensate) {
    }

    /** Calls a connector operation. {@code with} may contain expressions. */
    record Call(Common common, String operation, String system, JsonNode with) implements Step {
    }

    /** Computes a value from the scope; {@code output} may contain expressions. */
    record Transform(Common common, JsonNode output) implements Step {
    }

    /** Chooses the next step: the first case whose {@code when} is true, else {@code defaultNext}. */
    record Switch(Common common, List<Case> cases, String defaultNext) implements Step {
        public Switch {
            cases = List.copyOf(cases);
        }
    }

    record Case(String when, String next) {
    }

    /** Runs branches at the same time and joins them before {@code next}. */
    record Parallel(Common common, List<Branch> branches) implements Step {
        public Parallel {
            branches = List.copyOf(branches);
        }
    }

    record Branch(String id, List<Step> steps) {
        public Branch {
            steps = List.copyOf(steps);
        }
    }

    /** Runs {@code steps} once per element of {@code items}, at most {@code concurrency} at a time. */
    record Foreach(Common common, String items, int concurrency, List<Step> steps) implements Step {
        public Foreach {
            steps = List.copyOf(steps);
        }
    }

    /** A durable timer: waits for {@code duration}, or until the instant {@code until} evaluates to. */
    record Wait(Common common, Duration duration, String until) implements Step {
    }

    /** Waits for the named signal; fails when {@code timeout} passes first (null waits forever). */
    record Await(Common common, String signal, Duration timeout) implements Step {
    }

    /** Runs another flow ({@code namespace/id}) as a child execution and waits for its result. */
    record Subflow(Common common, String flow, JsonNode input) implements Step {
    }

    /**
     * Answers the synchronous webhook that started the execution, then continues. {@code response} is
     * an object with {@code status}, {@code headers} and {@code body}, each of which may contain
     * expressions.
     */
    record Respond(Common common, JsonNode response) implements Step {
    }

    /** Publishes a custom event to the feed, committed with the step's success. */
    record Emit(Common common, String event, JsonNode payload) implements Step {
    }

    /**
     * A model works toward {@code goal} by calling {@code tools} (connector operations of named systems), turn
     * by turn, through the {@code llm.chat} operation of {@code system}, within {@code limits}. Every model
     * turn and tool call is a recorded sub-step. {@code goal}, {@code instructions} and each tool's
     * {@code with} may contain expressions, evaluated when the step starts.
     *
     * @param model the options passed to each {@code llm.chat} call ({@code temperature}, {@code maxTokens},
     *     {@code model}), or null
     */
    record Agent(Common common, String system, String goal, String instructions, JsonNode model,
            List<Tool> tools, AgentLimits limits) implements Step {
        /** The operation each model turn calls. */
        public static final String CHAT = "llm.chat";

        public Agent {
            tools = List.copyOf(tools);
        }

        /** The name of the signal that approves or denies this step's tool calls that need approval. */
        public String approvalSignal() {
            return common.id() + "-approval";
        }

        /** Whether some tool needs a person's approval before each call. */
        public boolean needsApproval() {
            return tools.stream().anyMatch(Tool::approval);
        }
    }

    /**
     * An operation an agent may call. {@code name} is what the model calls it (letters, digits, '_' and '-');
     * {@code with} holds inputs fixed by the flow, which the model neither sees nor overrides.
     */
    record Tool(String operation, String system, String name, String description, JsonNode with,
            boolean approval) {
    }

    /** How far an agent may go: model turns, tool calls, tokens in all, and time from its start. */
    record AgentLimits(int maxTurns, int maxToolCalls, long maxTokens, Duration timeout) {
        public static final int DEFAULT_MAX_TURNS = 10;
        public static final int DEFAULT_MAX_TOOL_CALLS = 20;
        public static final long DEFAULT_MAX_TOKENS = 100_000;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    }

    /** Fails the execution (or the enclosing handler path) with a message. */
    record Fail(Common common, String message, String code) implements Step {
    }
}
