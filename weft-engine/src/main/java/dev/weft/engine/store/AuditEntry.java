package dev.weft.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened, for the audit log: who did what to which resource, from where, and how it
 * ended. Never a secret: a change's before and after are digests of secret-free views. Immutable.
 *
 * @param actor who acted: {@code api-key:<id>}, {@code user:<id>}, or the platform ({@code cli})
 * @param action what was done: the API operation ({@code deployFlow}) or an event ({@code auth.failed})
 * @param resource what it was done to: the request's path, or a name
 * @param outcome {@code success} or {@code failure}
 * @param status the HTTP status answered, 0 when there was no request
 * @param clientAddress the client's address; null when there was no request
 * @param userAgent the client's {@code User-Agent}; null when none
 * @param before SHA-256 (hex) of the resource's view before the change; null when none or unknown
 * @param after SHA-256 (hex) of the resource's view after the change; null when none or unknown
 */
public record AuditEntry(String tenant, Instant at, String actor, String action, String resource,
        String outcome, int status, String clientAddress, String userAgent, String before, String after) {
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public AuditEntry {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The same entry as it ended: answered {@code status}. */
    public AuditEntry ended(int status) {
        return new AuditEntry(tenant, at, actor, action, resource, status < 400 ? SUCCESS : FAILURE, status,
                clientAddress, userAgent, before, after);
    }

    public AuditEntry withBefore(String digest) {
        return new AuditEntry(tenant, at, actor, action, resource, outcome, status, clientAddress, userAgent,
                digest, after);
    }

    public AuditEntry withAfter(String digest) {
        return new AuditEntry(tenant, at, actor, action, resource, outcome, status, clientAddress, userAgent,
                before, digest);
    }
}
