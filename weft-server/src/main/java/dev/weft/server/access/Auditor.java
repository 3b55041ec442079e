package dev.weft.server.access;

import dev.weft.engine.store.AuditEntry;
import dev.weft.engine.store.AuditScope;
import dev.weft.engine.store.AuditStore;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.server.http.Route;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit log of the API: every request that changes something (or tries to) and every failed
 * authentication. A change's entry is committed with the change ({@link AuditScope}); a request that
 * changed nothing (refused, or answered without a write) gets an entry of its own with how it ended.
 * Thread-safe.
 */
public final class Auditor {
    private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);
    private static final int MAX_USER_AGENT = 200;

    private final AuditStore store;
    private final Clock clock;

    public Auditor(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Opens the scope of a changing request by {@code principal}; its tenant is the one whose resource the
     * request names ({@code tenant} of the path, when the principal may reach it), else the principal's.
     */
    public AuditScope open(Principal principal, Route route, String path, String pathTenant, String address,
            String userAgent) {
        String tenant = pathTenant != null
                && (pathTenant.equals(principal.tenant()) || principal.platformAdmin())
                        ? pathTenant
                        : principal.tenant();
        return AuditScope.open(new AuditEntry(tenant, clock.instant(), principal.actor(),
                route.operationId() == null ? route.describe() : route.operationId(), path,
                AuditEntry.SUCCESS, 0,
                address, clip(userAgent), null, null));
    }

    /** Closes the scope; an entry that no commit carried is written now with the request's status. */
    public void finish(AuditScope scope, int status) {
        scope.close();
        if (!scope.written()) {
            append(scope.entry().ended(status));
        }
    }

    /** A request whose key was missing, unknown, revoked or expired: the platform's (default) tenant's log. */
    public void authenticationFailed(String path, String address, String userAgent, boolean keyPresented) {
        append(new AuditEntry(ExecutionStore.DEFAULT_TENANT, clock.instant(), "anonymous",
                keyPresented ? "auth.failed" : "auth.missing", path, AuditEntry.FAILURE, 401, address,
                clip(userAgent), null, null));
    }

    /** Writes an entry alone (a sign-in); a failure to write it is logged, not thrown. */
    public void append(AuditEntry entry) {
        try {
            store.append(entry);
        } catch (RuntimeException e) {
            LOG.warn("could not write the audit entry of {} {} by {} ({}): {}", entry.action(),
                    entry.resource(),
                    entry.actor(), entry.outcome(), e.getMessage());
        }
    }

    private static String clip(String userAgent) {
        return userAgent == null || userAgent.length() <= MAX_USER_AGENT
                ? userAgent
                : userAgent.substring(0, MAX_USER_AGENT);
    }
}
