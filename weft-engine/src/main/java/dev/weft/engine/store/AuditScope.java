package dev.weft.engine.store;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The audit entry of the change a thread is making, written by the store in the same commit as the change
 * (the first write transaction the thread commits while the scope is open, or the first execution
 * transition it hands to the group committer). A change that commits nothing, or whose commit fails, leaves
 * the entry unwritten: {@link #close} returns it, and the caller writes it alone with the outcome. One
 * thread's; not shared.
 */
public final class AuditScope implements AutoCloseable {
    private static final ThreadLocal<AuditScope> CURRENT = new ThreadLocal<>();

    private AuditEntry entry;
    private boolean written;

    private AuditScope(AuditEntry entry) {
        this.entry = entry;
    }

    /** Opens the scope of {@code entry} on this thread; close it on the same thread. */
    public static AuditScope open(AuditEntry entry) {
        AuditScope scope = new AuditScope(entry);
        CURRENT.set(scope);
        return scope;
    }

    /** The entry this thread's next commit should carry, if any is still unwritten. */
    public static Optional<AuditEntry> pending() {
        AuditScope scope = CURRENT.get();
        return scope == null || scope.written ? Optional.empty() : Optional.of(scope.entry);
    }

    /** Says that this thread's pending entry was committed. */
    public static void committed(AuditEntry entry) {
        AuditScope scope = CURRENT.get();
        if (scope != null && scope.entry == entry) {
            scope.written = true;
        }
    }

    /** Adds to the pending entry (a handler's before and after digests); nothing when none is pending. */
    public static void update(UnaryOperator<AuditEntry> change) {
        AuditScope scope = CURRENT.get();
        if (scope != null && !scope.written) {
            scope.entry = change.apply(scope.entry);
        }
    }

    /** Whether the entry was written with a change. */
    public boolean written() {
        return written;
    }

    public AuditEntry entry() {
        return entry;
    }

    /** Ends the scope. */
    @Override
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
