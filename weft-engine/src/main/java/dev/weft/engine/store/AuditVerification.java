package dev.weft.engine.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recomputes every tenant's audit chain: each entry's number follows the one before, names its hash, and
 * hashes to what it says; the last one is where the store recorded the chain's end. Finds a changed,
 * deleted or inserted entry, and names the first one where the chain breaks.
 */
public final class AuditVerification {
    private static final int PAGE = 1000;

    /** Where a chain broke: the tenant, the entry's number, and what is wrong. */
    public record Break(String tenant, long seq, String problem) {
        @Override
        public String toString() {
            return "tenant " + tenant + ", entry " + seq + ": " + problem;
        }
    }

    /** What a verification found: the entries checked per tenant, and the first break, if any. */
    public record Result(Map<String, Long> checked, Optional<Break> broken) {
    }

    private AuditVerification() {
    }

    public static Result verify(AuditStore store) {
        Map<String, AuditStore.Head> heads = store.heads();
        Map<String, Long> checked = new java.util.TreeMap<>();
        for (String tenant : store.tenants()) {
            long seq = 0;
            String previous = AuditChain.GENESIS;
            for (;;) {
                List<AuditRecord> page = store.chain(tenant, seq, PAGE);
                for (AuditRecord r : page) {
                    if (r.seq() != seq + 1) {
                        return broken(checked, tenant, seq + 1,
                                "missing: the chain goes on at entry " + r.seq()
                                        + " (deleted entries)");
                    }
                    if (!r.previous().equals(previous)) {
                        return broken(checked, tenant, r.seq(),
                                "names a previous hash that is not entry " + seq
                                        + "'s (an entry inserted or changed)");
                    }
                    if (!AuditChain.hash(r.previous(), r.seq(), r.entry()).equals(r.hash())) {
                        return broken(checked, tenant, r.seq(),
                                "its content does not match its hash (changed)");
                    }
                    seq = r.seq();
                    previous = r.hash();
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
            checked.put(tenant, seq);
            AuditStore.Head head = heads.get(tenant);
            if (head == null) {
                return broken(checked, tenant, seq,
                        "the tenant's chain has no recorded end (entries inserted)");
            }
            if (head.seq() != seq || !head.hash().equals(previous)) {
                return broken(checked, tenant, Math.min(head.seq(), seq + 1), head.seq() > seq
                        ? "missing: the chain was recorded to end at entry " + head.seq()
                                + " (deleted entries)"
                        : "the chain was recorded to end at entry " + head.seq()
                                + " with another hash (entries"
                                + " changed or inserted after it)");
            }
        }
        return new Result(checked, Optional.empty());
    }

    private static Result broken(Map<String, Long> checked, String tenant, long seq, String problem) {
        return new Result(checked, Optional.of(new Break(tenant, seq, problem)));
    }
}
