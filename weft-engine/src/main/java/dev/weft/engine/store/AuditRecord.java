package dev.weft.engine.store;

/**
 * An audit entry as stored: its place in its tenant's chain and the hashes that link it. Immutable.
 *
 * @param seq 1 for a tenant's first entry, then each entry the next number
 * @param previous the hash of the tenant's entry before this one ({@link AuditChain#GENESIS} for the first)
 * @param hash {@link AuditChain#hash} of this entry
 */
public record AuditRecord(AuditEntry entry, long seq, String previous, String hash) {
}
