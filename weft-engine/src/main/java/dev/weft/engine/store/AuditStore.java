package dev.weft.engine.store;

import java.util.List;
import java.util.Map;

/**
 * The audit log: appended to, never changed or deleted by Weft. Each tenant's entries form a hash chain
 * ({@link AuditChain}). Entries of a change are written in the change's own commit ({@link AuditScope});
 * {@link #append} writes one alone (a refused request, a login). Implementations are thread-safe and
 * durable.
 */
public interface AuditStore {

    /** Appends one entry to its tenant's chain, in a transaction of its own. */
    AuditRecord append(AuditEntry entry);

    /** The entries the query selects, newest first. */
    List<AuditRecord> entries(AuditQuery query);

    /** A tenant's entries in chain order from {@code afterSeq} (exclusive), at most {@code limit}. */
    List<AuditRecord> chain(String tenant, long afterSeq, int limit);

    /** Every tenant with entries or a chain head, by id. */
    List<String> tenants();

    /** The last entry's number and hash of every tenant that has entries, as the store recorded them. */
    Map<String, Head> heads();

    /** Where a tenant's chain ends. */
    record Head(long seq, String hash) {
    }
}
