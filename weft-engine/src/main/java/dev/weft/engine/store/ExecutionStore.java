package dev.weft.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the engine persists: flow versions, executions, step records, signals and large payloads.
 * Implementations must be thread-safe and make every committed write durable (survive kill -9 and
 * power loss as far as the database's fsync allows). Every row carries a tenant id.
 */
public interface ExecutionStore extends AutoCloseable {

    /** The tenant every row belongs to until tenants are managed. */
    String DEFAULT_TENANT = "default";

    /**
     * Deploys flow source as the next version, unless the latest version has the same SHA-256, in
     * which case that version is returned unchanged. A new version writes {@code flow.deployed} to the
     * event feed in the same commit.
     */
    FlowVersion deployFlow(String tenantId, String namespace, String flowId, String source, Instant now);

    Optional<FlowVersion> flowVersion(String tenantId, String namespace, String flowId, int version);

    Optional<FlowVersion> latestFlowVersion(String tenantId, String namespace, String flowId);

    /**
     * Deletes a flow: it is no longer the latest version of anything and cannot start executions. Its
     * versions stay readable by number for the executions pinned to them; deploying the id again
     * continues the numbering. Writes {@code flow.deleted} to the event feed in the same commit. Returns
     * false when no undeleted version exists.
     */
    boolean deleteFlow(String tenantId, String namespace, String flowId, Instant now);

    /** The latest version of every flow of the tenant. */
    List<FlowVersion> latestFlowVersions(String tenantId);

    /**
     * A flow's versions below {@code beforeVersion}, newest first, at most {@code limit}; also those of a
     * deleted flow. Each without its source ({@link FlowVersion#source()} is null): a page of them is
     * read to list them, and one version's source is read by {@link #flowVersion}.
     */
    List<FlowVersion> flowVersions(String tenantId, String namespace, String flowId, int beforeVersion,
            int limit);

    /**
     * Applies transitions in one database transaction, in order. Returns, for each transition,
     * whether it was applied; a transition whose fencing check failed (or whose CREATE collided with an
     * existing id) is skipped without affecting the others.
     */
    List<Boolean> apply(List<Transition> transitions);

    /**
     * Does for {@code transitions} what can be done before their commit, on the caller's thread: the
     * engine's group commit calls it before it queues them, so that its writer, which every execution
     * waits for, does less. The JDBC stores encode the transitions' JSON values here. The default
     * prepares nothing.
     */
    default PreparedTransitions prepare(List<Transition> transitions) {
        return PreparedTransitions.none(transitions);
    }

    /**
     * Applies prepared transitions, all of them in one database transaction and in order, as
     * {@link #apply} does. The default applies them as if nothing had been prepared.
     */
    default List<Boolean> applyPrepared(List<PreparedTransitions> prepared) {
        List<Transition> all = new java.util.ArrayList<>();
        for (PreparedTransitions p : prepared) {
            all.addAll(p.transitions());
        }
        return apply(all);
    }

    /**
     * How many {@link #apply} calls the engine's group commit may run at once. Each caller has one
     * commit in flight at a time, so batches running side by side never hold transitions of the same
     * execution. A store whose writers take turns anyway (SQLite's single writer) gains nothing from
     * more than one; a server database overlaps one batch's round trips and fsync with the next.
     */
    default int concurrentApplies() {
        return 1;
    }

    Optional<ExecutionRecord> execution(String tenantId, String executionId);

    /**
     * The executions that match the query, newest first, in the total order {@link ExecutionQuery}
     * describes; instants compare at the precision the store keeps {@code createdAt}.
     */
    List<ExecutionRecord> executions(ExecutionQuery query);

    /**
     * How many of the tenant's executions are queued, running and waiting (statuses with none are absent):
     * the depth of the work queue, read for metrics.
     */
    java.util.Map<ExecutionStatus, Long> countUnfinished(String tenantId);

    /**
     * What the tenant's executions created in the query's window add up to: counts per bucket and status,
     * the flows that failed most, the slowest steps. Reads only the window's executions (by their creation
     * time) and their steps.
     */
    ExecutionStats stats(ExecutionStats.Query query);

    /**
     * The bytes of the tenant's data in this store, as its JSON text takes them: flows' sources, executions'
     * input, trigger, output and error, steps' input, output and error, attempts' errors, signals, stored
     * payloads, and events. A full count over the tenant's rows, for its quota of stored bytes: not for a hot path.
     */
    long storedBytes(String tenantId);

    /** The step rows of an execution, in {@code seq} order. */
    List<StepRecord> steps(String tenantId, String executionId);

    /**
     * The recorded attempts of an execution's steps (see {@link Transition#attempts()}), in the order
     * they were written: a path's attempts in the order they ended, those of earlier runs of a retried
     * execution first.
     */
    List<StepAttempt> attempts(String tenantId, String executionId);

    /**
     * Claims up to {@code max} executions that are ready (see {@link ClaimRequest}) for
     * {@code request.owner()}, incrementing each one's lease version. Returns the claimed rows as they
     * now are.
     */
    List<ExecutionRecord> claim(ClaimRequest request);

    /**
     * Extends to {@code until} the leases {@code owner} holds on the listed executions. Leases it holds on
     * others are left to expire: an execution whose run died must become claimable again.
     */
    void renewLeases(String owner, java.util.Collection<String> executionIds, Instant until);

    /**
     * Records a signal for an execution. If the execution is WAITING, its {@code dueAt} becomes
     * {@code now} so that a worker picks it up. Returns false when the execution does not exist or is
     * terminal.
     */
    boolean addSignal(String tenantId, String executionId, String name, JsonNode payload, Instant now);

    /**
     * Cancels an execution that is not terminal: its status becomes CANCELLED with {@code error}, its
     * lease is dropped and its lease version incremented, so that a worker running it cannot commit
     * again; writes {@code execution.cancelled} to the event feed in the same commit. Returns the cancelled
     * row, or empty when the execution does not exist or is terminal.
     */
    Optional<ExecutionRecord> cancel(String tenantId, String executionId,
            com.fasterxml.jackson.databind.JsonNode error, Instant now);

    /** Signals received and not yet consumed, oldest first. */
    List<SignalRecord> signals(String tenantId, String executionId);

    /** A payload stored out of line by {@link Transition#payloads()}. */
    Optional<byte[]> payload(String tenantId, String hash);

    /**
     * The event feed of this store's database: the events its transitions, deploys, deletes and cancels
     * wrote in their commits.
     */
    EventStore events();

    /** The earliest {@code dueAt} among WAITING executions, to sleep until then. */
    Optional<Instant> nextDueAt();

    @Override
    void close();
}
