package dev.weft.engine.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Filters for listing executions, newest first: by {@code createdAt}, then by id, both descending, so
 * that every row has one place in the order and a {@link Cursor} resumes right after the last row
 * listed. Null or empty means no filter. Immutable: start from {@link #all} and narrow with the
 * {@code with...} methods.
 *
 * @param flow {@code namespace/id}
 * @param namespaces only executions of flows in these namespaces; empty for all
 * @param createdFrom only executions created at or after this instant
 * @param createdTo only executions created before this instant
 * @param triggers only executions started by one of these kinds ({@link ExecutionTrigger#kind}); empty for
 *        all
 * @param idPrefix only executions whose id, or the key of what started them ({@link ExecutionTrigger#key}),
 *        starts with this text; null for all
 * @param after only the executions that come after this one in the order: the last row of the
 *        previous page
 * @param limit at most this many rows; 0 or less means no limit
 */
public record ExecutionQuery(String tenantId, String flow, Set<String> namespaces,
        Set<ExecutionStatus> statuses,
        Instant createdFrom, Instant createdTo, Set<String> triggers, String idPrefix, Cursor after,
        int limit) {

    /** The limit of {@link #all}. */
    public static final int DEFAULT_LIMIT = 1000;

    public ExecutionQuery {
        Objects.requireNonNull(tenantId, "tenantId");
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
        triggers = triggers == null ? Set.of() : Set.copyOf(triggers);
        idPrefix = idPrefix == null || idPrefix.isEmpty() ? null : idPrefix;
    }

    /** Every execution of the tenant, up to {@link #DEFAULT_LIMIT}. */
    public static ExecutionQuery all(String tenantId) {
        return new ExecutionQuery(tenantId, null, Set.of(), Set.of(), null, null, Set.of(), null, null,
                DEFAULT_LIMIT);
    }

    public ExecutionQuery withFlow(String flow) {
        return new ExecutionQuery(tenantId, flow, namespaces, statuses, createdFrom, createdTo, triggers,
                idPrefix, after, limit);
    }

    /** Only executions of flows in {@code namespaces}; empty for all. */
    public ExecutionQuery withNamespaces(Set<String> namespaces) {
        return new ExecutionQuery(tenantId, flow, namespaces, statuses, createdFrom, createdTo, triggers,
                idPrefix, after, limit);
    }

    public ExecutionQuery withStatuses(Set<ExecutionStatus> statuses) {
        return new ExecutionQuery(tenantId, flow, namespaces, statuses, createdFrom, createdTo, triggers,
                idPrefix, after, limit);
    }

    /** Only executions created at or after {@code from}; null for no lower bound. */
    public ExecutionQuery withCreatedFrom(Instant from) {
        return new ExecutionQuery(tenantId, flow, namespaces, statuses, from, createdTo, triggers, idPrefix,
                after, limit);
    }

    /** Only executions created before {@code to}; null for no upper bound. */
    public ExecutionQuery withCreatedTo(Instant to) {
        return new ExecutionQuery(tenantId, flow, namespaces, statuses, createdFrom, to, triggers, idPrefix,
                after, limit);
    }

    /** Only executions started by one of {@code kinds} ({@link ExecutionTrigger#kind}); empty for all. */
    public ExecutionQuery withTriggers(Set<String> kinds) {
        return new ExecutionQuery(tenantId, flow, namespaces, statuses, createdFrom, createdTo, kinds,
                idPrefix,
                after, limit);
    }

    /**
     * Only executions whose id, or the key of what started them ({@link ExecutionTrigger#key}), starts with
     * {@code prefix}: compared code point by code point, case-sensitive; null for all.
     */
    public ExecutionQuery withIdPrefix(String prefix) {
        return new ExecutionQuery(tenantId, flow, namespaces, statuses, createdFrom, createdTo, triggers,
                prefix,
                after, limit);
    }

    /** Only the executions that come after {@code cursor} in the order; null to start at the newest. */
    public ExecutionQuery withAfter(Cursor cursor) {
        return new ExecutionQuery(tenantId, flow, namespaces, statuses, createdFrom, createdTo, triggers,
                idPrefix, cursor, limit);
    }

    /** At most {@code limit} rows; 0 or less means no limit. */
    public ExecutionQuery withLimit(int limit) {
        return new ExecutionQuery(tenantId, flow, namespaces, statuses, createdFrom, createdTo, triggers,
                idPrefix, after, limit);
    }

    /**
     * A position in the order: the {@code createdAt} and id of a listed execution. Listing {@link
     * #withAfter after} it returns the rows that follow it, whether or not it still exists.
     */
    public record Cursor(Instant createdAt, String id) {
        public Cursor {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(id, "id");
        }

        /** The position of a row as it was listed. */
        public static Cursor of(ExecutionRecord listed) {
            return new Cursor(listed.createdAt(), listed.id());
        }
    }
}
