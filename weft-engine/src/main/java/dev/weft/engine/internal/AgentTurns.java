package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.flow.RetryPolicy;
import dev.weft.engine.flow.Step;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * Plans an {@code agent} step from its records, as the planner plans everything else: the conversation is
 * rebuilt from the recorded model turns and tool calls, so an agent resumed after a crash continues from its
 * last recorded turn, and a tool call that completed is never made again. Each model turn is a call of
 * {@code llm.chat} at {@code <path>/turn-<n>}; each tool call the model asks for is a call at
 * {@code <path>/turn-<n>/tool-<i>}, after an approval at {@code <path>/turn-<n>/approve-<i>} when its tool
 * needs one. A tool the step does not allow, or a call past the limit, is recorded as a failed sub-step and
 * the model is told. Not thread-safe; one per planning call.
 */
final class AgentTurns {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The data row of an agent's rendered goal, instructions and tools: {@code <agent path>#agent}. */
    static final String PLAN_SUFFIX = "#agent";
    /** How much of a tool's result the model reads; the rest is cut, and the model is told. */
    static final int MAX_TOOL_RESULT_CHARS = 20_000;

    private final Planner planner;
    private final ExecutionState state;
    private final Instant now;
    private final Duration defaultTimeout;

    AgentTurns(Planner planner, ExecutionState state, Instant now, Duration defaultTimeout) {
        this.planner = planner;
        this.state = state;
        this.now = now;
        this.defaultTimeout = defaultTimeout;
    }

    /** The agent's outcome so far; the actions it needs are added to the planner's. */
    Planner.Outcome plan(Step.Agent step, String path, StepRecord rec) {
        StepRecord planRecord = state.steps.get(path + PLAN_SUFFIX);
        JsonNode plan = planRecord == null ? null : state.output(planRecord);
        if (plan == null) {
            return failed("agent.state", "the tools of agent step '" + step.id() + "' were not recorded",
                    step);
        }
        Step.AgentLimits limits = step.limits();
        Instant deadline = rec.startedAt().plus(limits.timeout());
        ArrayNode messages = AgentMessages.initial(plan);
        ObjectNode usage = JSON.objectNode();
        int toolCalls = 0;
        for (int turn = 1;; turn++) {
            String turnPath = path + "/turn-" + turn;
            StepRecord model = state.steps.get(turnPath);
            // The last allowed turn, or no tool calls left: the model is asked to answer.
            boolean noTools = turn == limits.maxTurns() || toolCalls >= limits.maxToolCalls();
            if (model == null) {
                if (usage.path("totalTokens").asLong() >= limits.maxTokens()) {
                    return closing(path, "agent.token_budget", "agent step '" + step.id() + "' used "
                            + usage.path("totalTokens").asLong() + " tokens, its limit is "
                            + limits.maxTokens()
                            + " (limits.maxTokens), before the model gave an answer", step);
                }
                if (!now.isBefore(deadline)) {
                    return timeUp(step, path);
                }
                planner.act(new Action.Begin(modelStep(step, turn, deadline), turnPath,
                        AgentMessages.chatInput(plan, messages, noTools), 1, null));
                return Planner.PENDING;
            }
            JsonNode output = switch (model.status()) {
                case SUCCEEDED -> state.output(model);
                case FAILED -> null;
                default -> {
                    if (timeLeft(model, deadline)) {
                        unfinished(modelStep(step, turn, deadline), turnPath, model,
                                AgentMessages.chatInput(plan, messages, noTools), deadline);
                    }
                    yield null;
                }
            };
            if (output == null) {
                if (model.status() == dev.weft.engine.store.StepStatus.SUCCEEDED) {
                    return failed("agent.state", "model turn " + turn + " of agent step '" + step.id()
                            + "' succeeded with no output", step);
                }
                return model.status() == dev.weft.engine.store.StepStatus.FAILED
                        ? new Planner.Failed(model.error())
                        : timeLeft(model, deadline) ? Planner.PENDING : timeUp(step, path);
            }
            AgentMessages.addUsage(usage, output.path("usage"));
            messages.add(AgentMessages.assistant(output));
            JsonNode calls = output.path("toolCalls");
            if (!calls.isArray() || calls.isEmpty()) {
                ObjectNode result = JSON.objectNode();
                result.set("answer", output.path("content").isMissingNode()
                        ? JSON.nullNode()
                        : output.get("content"));
                result.put("turns", turn);
                result.put("toolCalls", toolCalls);
                result.set("usage", usage);
                return new Planner.Done(result);
            }
            if (turn >= limits.maxTurns()) {
                return closing(path, "agent.turn_limit",
                        "agent step '" + step.id() + "' reached its limit of "
                                + limits.maxTurns()
                                + " model turns (limits.maxTurns) and the model still asked for"
                                + " tools instead of answering",
                        step);
            }
            boolean pending = false;
            for (int i = 0; i < calls.size(); i++) {
                JsonNode call = calls.get(i);
                toolCalls++;
                String toolPath = turnPath + "/tool-" + i;
                JsonNode tool = AgentMessages.tool(plan, call.path("name").asText());
                StepRecord done = state.steps.get(toolPath);
                if (done == null || done.status() == dev.weft.engine.store.StepStatus.RUNNING
                        || done.status() == dev.weft.engine.store.StepStatus.WAITING) {
                    if (!toolCall(step, plan, tool, call, toolPath, turnPath + "/approve-" + i, done,
                            toolCalls,
                            deadline)) {
                        return timeUp(step, path);
                    }
                    pending = true;
                    continue;
                }
                messages.add(AgentMessages.toolResult(call, state.output(done), done.error()));
            }
            if (pending) {
                return Planner.PENDING;
            }
        }
    }

    /**
     * Plans one tool call that has not finished: refuses it, waits for its approval, starts it, runs it again
     * after a crash, or retries it. False when the time budget is spent before it could start.
     */
    private boolean toolCall(Step.Agent step, JsonNode plan, JsonNode tool, JsonNode call, String toolPath,
            String approvalPath, StepRecord rec, int number, Instant deadline) {
        Step.Call callStep = toolStep(step, tool, toolPath, deadline);
        if (rec != null) {
            if (!timeLeft(rec, deadline)) {
                return false;
            }
            unfinished(callStep, toolPath, rec, AgentMessages.toolInput(tool, call), deadline);
            return true;
        }
        if (tool == null) {
            refuse(callStep, toolPath, "agent.tool_refused", "the model asked for tool '"
                    + call.path("name").asText() + "', which agent step '" + step.id()
                    + "' does not allow; its"
                    + " tools are " + AgentMessages.toolNames(plan));
            return true;
        }
        if (number > step.limits().maxToolCalls()) {
            refuse(callStep, toolPath, "agent.tool_limit",
                    "agent step '" + step.id() + "' reached its limit of "
                            + step.limits().maxToolCalls()
                            + " tool calls (limits.maxToolCalls); answer with what you"
                            + " have");
            return true;
        }
        if (!now.isBefore(deadline)) {
            return false;
        }
        if (tool.path("approval").asBoolean()) {
            StepRecord approval = state.steps.get(approvalPath);
            Step.Await await = approvalStep(step, approvalPath);
            if (approval == null) {
                planner.act(new Action.Begin(await, approvalPath,
                        AgentMessages.approvalRequest(step.approvalSignal(), toolPath, tool, call), 1, null));
                return true;
            }
            switch (approval.status()) {
                case WAITING -> {
                    waitForApproval(step, await, approvalPath, toolPath, deadline);
                    return true;
                }
                case SUCCEEDED -> {
                    JsonNode answer = state.output(approval);
                    if (!answer.path("approved").asBoolean(false)) {
                        refuse(callStep, toolPath, "agent.tool_denied", "a person denied this call of tool '"
                                + tool.path("name").asText() + "'"
                                + (answer.hasNonNull("reason") ? ": " + answer.get("reason").asText() : ""));
                        return true;
                    }
                }
                default -> {
                    return false; // the approval failed: only its time budget ends it
                }
            }
        }
        planner.act(new Action.Begin(callStep, toolPath, AgentMessages.toolInput(tool, call), 1, null));
        return true;
    }

    /**
     * A sub-step recorded as started: run again after a crash, or retried when its backoff is due (and looked at
     * again at the end of the time budget, if that comes first).
     */
    private void unfinished(Step.Call step, String path, StepRecord rec, JsonNode input, Instant deadline) {
        if (rec.status() == dev.weft.engine.store.StepStatus.RUNNING) {
            if (!planner.inFlight(path)) {
                planner.act(new Action.Begin(step, path, input, rec.attempt() + 1, rec));
            }
        } else if (rec.dueAt() == null || !now.isBefore(rec.dueAt())) {
            planner.act(new Action.Begin(step, path, input, rec.attempt() + 1, null));
        } else {
            planner.due(rec.dueAt().isBefore(deadline) ? rec.dueAt() : deadline);
        }
    }

    /**
     * Whether an unfinished sub-step may still go on: one in flight always (its timeout is cut to the budget);
     * one to be started again (after a crash, or a retry's backoff) only before the end of the time budget.
     */
    private boolean timeLeft(StepRecord rec, Instant deadline) {
        return planner.inFlight(rec.path()) || now.isBefore(deadline);
    }

    private void waitForApproval(Step.Agent step, Step.Await await, String approvalPath, String toolPath,
            Instant deadline) {
        for (SignalRecord signal : state.signals) {
            if (signal.name().equals(step.approvalSignal()) && signal.payload() != null
                    && toolPath.equals(signal.payload().path("call").asText())
                    && planner.claim(signal.seq())) {
                planner.act(new Action.Complete(await, approvalPath, signal.payload(), signal.seq()));
                return;
            }
        }
        planner.awaitSignal();
        planner.due(deadline);
    }

    private void refuse(Step.Call step, String path, String code, String message) {
        planner.act(new Action.Fail(step, path, Errors.of(code, message, step.id())));
    }

    private Planner.Outcome timeUp(Step.Agent step, String path) {
        return closing(path, "agent.time_budget",
                "agent step '" + step.id() + "' ran out of its time budget of "
                        + step.limits().timeout() + " (limits.timeout) before the model gave an answer",
                step);
    }

    /**
     * The agent's failure, with its sub-steps that wait (an approval nobody can answer any more, a retry that
     * will not be made) or that a crash cut off failed with the same error, so that none is left looking
     * unfinished. Calls in flight end on their own (their timeout is cut to the budget) and are recorded.
     */
    private Planner.Outcome closing(String path, String code, String message, Step.Agent step) {
        JsonNode error = Errors.of(code, message, step.id());
        for (StepRecord r : state.steps.values()) {
            boolean open = r.status() == dev.weft.engine.store.StepStatus.WAITING
                    || r.status() == dev.weft.engine.store.StepStatus.RUNNING && !planner.inFlight(r.path());
            if (open && r.stepId() != null && r.path().startsWith(path + "/")) {
                Step.Common common = new Step.Common(r.stepId(), r.type(), null, null, RetryPolicy.NONE, null,
                        null, null);
                planner.act(new Action.Fail(new Step.Await(common, step.approvalSignal(), null), r.path(),
                        error));
            }
        }
        return new Planner.Failed(error);
    }

    private static Planner.Outcome failed(String code, String message, Step.Agent step) {
        return new Planner.Failed(Errors.of(code, message, step.id()));
    }

    /** A model turn: a call of the model system's {@code llm.chat}, bounded by what is left of the budget. */
    private Step.Call modelStep(Step.Agent step, int turn, Instant deadline) {
        return new Step.Call(subStep(step, subStepId(step, "turn-" + turn), "call", deadline),
                Step.Agent.CHAT,
                step.system(), null);
    }

    private Step.Call toolStep(Step.Agent step, JsonNode tool, String path, Instant deadline) {
        String id = subStepId(step, path.substring(path.lastIndexOf('/') + 1));
        return new Step.Call(subStep(step, id, "call", deadline),
                tool == null ? "agent.refused" : tool.path("operation").asText(),
                tool == null ? null : tool.path("system").asText(null), null);
    }

    private static Step.Await approvalStep(Step.Agent step, String path) {
        String id = subStepId(step, path.substring(path.lastIndexOf('/') + 1));
        return new Step.Await(new Step.Common(id, "await", null, null, RetryPolicy.NONE, null, null, null),
                step.approvalSignal(), null);
    }

    /**
     * A sub-step's id: the agent's id, a dot, and its last path segment ({@code analyse.tool-0}). No step of a
     * flow can have it (step ids have no dot), so looking up steps by id (compensation, replay) never takes a
     * sub-step for one of the flow's.
     */
    static String subStepId(Step.Agent step, String segment) {
        return step.id() + "." + segment;
    }

    /** Whether {@code r} is a tool call of an agent: a failure the agent told its model, not its own. */
    static boolean isToolCall(StepRecord r) {
        return r.stepId() != null && r.stepId().matches(".+\\.tool-\\d+");
    }

    /** The agent's retry policy for every sub-step; a timeout no longer than what is left of the budget. */
    private Step.Common subStep(Step.Agent step, String id, String type, Instant deadline) {
        Duration timeout = step.common().timeout() != null ? step.common().timeout() : defaultTimeout;
        Duration left = Duration.between(now, deadline);
        if (left.compareTo(timeout) < 0) {
            timeout = left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
        }
        return new Step.Common(id, type, null, null, step.common().retry(), timeout, null, null);
    }
}
