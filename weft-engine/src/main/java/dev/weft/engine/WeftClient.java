package dev.weft.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.event.EventPage;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way into Weft's runtime: every entry point (the REST API, inbound webhooks, schedules, connector
 * triggers, the command line, and later the UI and sync) deploys flows and starts, reads and steers
 * executions through it, with the {@link Caller} on every call. The runtime behind it (claiming, planning,
 * committing, running effects) is not reachable from here. Get one from {@link Engine#client()}.
 * Thread-safe.
 */
public interface WeftClient {

    /** Checks flow source as a deploy would, without deploying it. */
    Flow validate(String fileName, String source) throws InvalidFlowException;

    /** Validates flow source and deploys it as a new version (or returns the latest if unchanged). */
    FlowVersion deploy(Caller caller, String fileName, String source) throws InvalidFlowException;

    /** The latest version of a flow, if it is deployed. */
    Optional<FlowVersion> latestFlow(Caller caller, String namespace, String flowId);

    /** One version of a flow, also of a deleted one (executions stay pinned to their versions). */
    Optional<FlowVersion> flowVersion(Caller caller, String namespace, String flowId, int version);

    /**
     * A flow's versions below {@code beforeVersion}, newest first, at most {@code limit}, without their
     * source; also of a deleted flow; empty outside the caller's namespaces.
     */
    List<FlowVersion> flowVersions(Caller caller, String namespace, String flowId, int beforeVersion,
            int limit);

    /** The latest version of every deployed flow of the tenant. */
    List<FlowVersion> flows(Caller caller);

    /** Deletes a flow; false when it is not deployed. */
    boolean deleteFlow(Caller caller, String namespace, String flowId);

    /**
     * Validates the input against the flow's schema and commits a new execution; returns once it is
     * committed, so the caller may acknowledge whoever asked for it.
     *
     * @param trigger what started it, as expressions see it under {@code trigger}; null means manual
     * @param idempotencyKey null for a new execution every time; otherwise a repeated start with the same
     *     key (a webhook delivered twice, a schedule slot fired by two nodes) returns the first one's id
     *     and starts nothing
     */
    StartedExecution start(Caller caller, FlowVersion version, JsonNode input, JsonNode trigger,
            String idempotencyKey) throws InvalidInputException;

    Optional<ExecutionRecord> execution(Caller caller, String executionId);

    /** The executions the query selects; its tenant must be the caller's. */
    List<ExecutionRecord> executions(Caller caller, ExecutionQuery query);

    /** An execution's step records in order, with outputs stored out of line read back in. */
    List<StepRecord> steps(Caller caller, String executionId);

    /**
     * An execution's recorded step attempts, oldest first (earlier runs' too, after a retry): those that did
     * not end their step well. A step's succeeded attempt is its step row ({@link StepAttempt});
     * {@link ExecutionView} lists both.
     */
    List<StepAttempt> attempts(Caller caller, String executionId);

    /**
     * The execution with its steps and each step's attempts, as the API and {@code weft executions show}
     * present it ({@link ExecutionView}); empty when it does not exist.
     */
    Optional<com.fasterxml.jackson.databind.node.ObjectNode> view(Caller caller, String executionId);

    /** As {@link #view(Caller, String)}, with one page of the steps and {@code stepsNextCursor}. */
    Optional<com.fasterxml.jackson.databind.node.ObjectNode> view(Caller caller, String executionId,
            ExecutionView.StepPage page);

    /** How many of the tenant's executions are queued, running and waiting. */
    Map<ExecutionStatus, Long> countUnfinished(Caller caller);

    /**
     * What the tenant's executions created in the query's window add up to ({@link dev.weft.engine.store.ExecutionStats}); the
     * query's tenant must be the caller's, and the caller must reach the whole tenant.
     */
    dev.weft.engine.store.ExecutionStats stats(Caller caller,
            dev.weft.engine.store.ExecutionStats.Query query);

    /**
     * Sends a signal; false when the execution does not exist or has ended. A signal sent before the
     * execution reaches its {@code await} is kept until then.
     *
     * @throws UnknownSignalException when no {@code await} step of the execution's pinned flow version
     *     declares {@code name}
     */
    boolean signal(Caller caller, String executionId, String name, JsonNode payload);

    /**
     * Cancels an execution that has not ended; the cancelled row, or empty when it does not exist or has
     * ended.
     */
    Optional<ExecutionRecord> cancel(Caller caller, String executionId, String reason);

    /** Re-opens a failed execution from its failed steps. */
    ExecutionRecord retry(Caller caller, String executionId) throws ExecutionControlException;

    /**
     * Starts a new execution that reuses the outputs of the steps completed before {@code fromStep} and runs
     * that step and everything after it again; returns the new execution's id.
     *
     * @param input the new input; null keeps the original's
     * @param latestVersion run on the flow's latest version instead of the original's pinned one
     */
    String replay(Caller caller, String executionId, String fromStep, JsonNode input, boolean latestVersion)
            throws ExecutionControlException, InvalidInputException;

    /** Waits until the execution has ended, or the timeout passes; the row as it then is (null if none). */
    ExecutionRecord await(Caller caller, String executionId, Duration timeout) throws InterruptedException;

    /**
     * The tenant's events the query selects (its tenant must be the caller's), in feed order, and where to
     * read on from.
     */
    EventPage events(Caller caller, EventQuery query);

    /** Publishes a custom event; returns it as written. */
    EventRecord publish(Caller caller, String type, String executionId, JsonNode payload);
}
