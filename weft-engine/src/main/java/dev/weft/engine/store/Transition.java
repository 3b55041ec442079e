package dev.weft.engine.store;

import java.util.List;

/**
 * Everything one state transition of one execution writes, applied atomically. The store applies
 * many transitions in one database transaction (group commit) and refuses, alone, any whose fencing
 * check fails.
 *
 * @param execution the execution's new row. For {@link Kind#CREATE} it is inserted; for
 *     {@link Kind#UPDATE} its state (status, output, error, updated, finished and due times, lease owner
 *     and expiry) replaces the stored one only if the stored {@code leaseVersion} equals
 *     {@code expectedLeaseVersion} (fencing); the stored lease version is kept, and so is what the
 *     execution was created with (flow version, input, trigger, parent, creation time), which no
 *     transition changes
 * @param steps step rows to insert or replace (by execution id and path)
 * @param payloads large values stored out of line, by content hash (insert if absent)
 * @param consumedSignals signal sequence numbers of this execution to delete
 * @param removedSteps step paths to delete before {@code steps} are written (a retry forgets the failed
 *     step and what its failure ran)
 * @param attempts finished step attempts to add (see {@link StepAttempt}); never changed once written
 * @param events events written to the feed in the same commit, only if the transition is applied
 * @param audits audit entries written in the same commit, only if the transition is applied (the entry of
 *     the API request that made it, {@link AuditScope})
 */
public record Transition(
        Kind kind,
        ExecutionRecord execution,
        long expectedLeaseVersion,
        List<StepRecord> steps,
        List<Payload> payloads,
        List<Long> consumedSignals,
        List<String> removedSteps,
        List<StepAttempt> attempts,
        List<EventRecord> events,
        List<AuditEntry> audits) {

    public enum Kind {
        CREATE, UPDATE
    }

    public Transition {
        steps = List.copyOf(steps);
        payloads = List.copyOf(payloads);
        consumedSignals = List.copyOf(consumedSignals);
        removedSteps = List.copyOf(removedSteps);
        attempts = List.copyOf(attempts);
        events = List.copyOf(events);
        audits = List.copyOf(audits);
    }

    /** A transition that writes no audit entry. */
    public Transition(Kind kind, ExecutionRecord execution, long expectedLeaseVersion, List<StepRecord> steps,
            List<Payload> payloads, List<Long> consumedSignals, List<String> removedSteps,
            List<StepAttempt> attempts, List<EventRecord> events) {
        this(kind, execution, expectedLeaseVersion, steps, payloads, consumedSignals, removedSteps, attempts,
                events, List.of());
    }

    /** A transition that records no step attempt and writes no event. */
    public Transition(Kind kind, ExecutionRecord execution, long expectedLeaseVersion, List<StepRecord> steps,
            List<Payload> payloads, List<Long> consumedSignals, List<String> removedSteps) {
        this(kind, execution, expectedLeaseVersion, steps, payloads, consumedSignals, removedSteps,
                List.of(), List.of());
    }

    /** The same transition, also writing {@code more} events. */
    public Transition withEvents(List<EventRecord> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<EventRecord> all = new java.util.ArrayList<>(events);
        all.addAll(more);
        return new Transition(kind, execution, expectedLeaseVersion, steps, payloads, consumedSignals,
                removedSteps, attempts, all, audits);
    }

    /** The same transition, also writing the audit entry {@code entry}. */
    public Transition withAudit(AuditEntry entry) {
        List<AuditEntry> all = new java.util.ArrayList<>(audits);
        all.add(entry);
        return new Transition(kind, execution, expectedLeaseVersion, steps, payloads, consumedSignals,
                removedSteps, attempts, events, all);
    }

    /** A value stored out of line: its SHA-256 (hex) and its JSON bytes. */
    public record Payload(String hash, byte[] json) {
    }

    /**
     * Creates an execution, with its {@code execution.started} event (and, for one created already
     * ended, the event of its end).
     */
    public static Transition create(ExecutionRecord execution) {
        List<EventRecord> events = new java.util.ArrayList<>();
        events.add(EventRecord.ofExecution(EventRecord.EXECUTION_STARTED, execution, execution.createdAt()));
        if (execution.status().terminal()) {
            events.add(EventRecord.ofExecution(terminalType(execution.status()), execution,
                    execution.createdAt()));
        }
        return new Transition(Kind.CREATE, execution, execution.leaseVersion(), List.of(), List.of(),
                List.of(), List.of(), List.of(), events);
    }

    /** The event type of a terminal status: {@code execution.succeeded}, {@code .failed} or {@code .cancelled}. */
    public static String terminalType(ExecutionStatus status) {
        return switch (status) {
            case SUCCEEDED -> EventRecord.EXECUTION_SUCCEEDED;
            case FAILED -> EventRecord.EXECUTION_FAILED;
            case CANCELLED -> EventRecord.EXECUTION_CANCELLED;
            default -> throw new IllegalArgumentException("not a terminal status: " + status);
        };
    }

    /** A compact form of the common case: update the row and write some steps. */
    public static Transition update(ExecutionRecord execution, long expectedLeaseVersion,
            List<StepRecord> steps) {
        return new Transition(Kind.UPDATE, execution, expectedLeaseVersion, steps, List.of(), List.of(),
                List.of());
    }

}
